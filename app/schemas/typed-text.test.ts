import { describe, expect, it } from "vitest";
import { typedLine, typedText } from "./typed-text";

describe("text a person typed", () => {
  it("stores a name in one form however it was typed: composed, trimmed, without hidden characters", () => {
    const decomposed = "  Zoe\u0308 Ll\u0177r\u0307 ";
    expect(typedLine().parse(decomposed)).toBe("Zoë Llŷṙ");
    expect(typedLine().parse("Zoë")).toBe(typedLine().parse("Zoe\u0308"));
    // A right-to-left override would show "Ann Evans" as "snavE nnA"-like spoofs on the list.
    expect(typedLine().parse("Ann\u202E Evans\u202C")).toBe("Ann Evans");
    expect(typedLine().parse("Ann\u0000\u0007\u009B Evans")).toBe("Ann Evans");
    expect(typedLine().parse("Ann\r\nEvans")).toBe("Ann Evans");
  });

  it("keeps what belongs to the text: other scripts, joiners and, in text, its line breaks", () => {
    expect(typedLine().parse("نور الهدى")).toBe("نور الهدى");
    expect(typedLine().parse("Siân 👩\u200D⚕️")).toBe("Siân 👩\u200D⚕️");
    expect(typedText().parse("First line\r\nSecond\u202E line\r\n\r\nThird\tpart")).toBe("First line\nSecond line\n\nThird\tpart");
  });

  it("finds a line empty once its hidden characters are gone, so a required field still says so", () => {
    expect(typedLine().min(1, "required").safeParse("\u202E\u2066 \u0007").success).toBe(false);
  });
});
