import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { htmlStream } from "./html-stream.server";

describe("the stream a page's HTML goes out through", () => {
  it("drops the unused zero bytes React 18 leaves at the end of a full buffer, and nothing else", async () => {
    const stream = htmlStream();
    const arrow = Buffer.from("→", "utf8");
    // A 2,048-byte buffer whose last two bytes were never written, then the "→" that did not fit.
    const full = Buffer.concat([Buffer.from("a".repeat(2045) + "Draft ", "utf8").subarray(0, 2046), Buffer.alloc(2)]);
    stream.write(full);
    stream.write(Buffer.concat([arrow, Buffer.from(" Open", "utf8")]));
    stream.end();
    const html = await text(stream);
    expect(html).not.toContain("\u0000");
    expect(html.endsWith("→ Open")).toBe(true);
    expect(Buffer.byteLength(html)).toBe(2046 + 3 + 5);
  });
});
