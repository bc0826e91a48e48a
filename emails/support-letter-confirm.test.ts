import { describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import { supportLetterConfirm } from "./support-letter-confirm";

describe("the letter of support confirmation mail", () => {
  it("escapes the author's name and the title in HTML, and carries the link in both parts", () => {
    const mail = supportLetterConfirm(getT("en"), "en", {
      name: `Ama <img src=x onerror="alert(1)">`,
      campaignTitle: "Care & pay",
      confirmUrl: "https://letters.example/support/confirm/abc_DEF-123",
    });
    expect(mail.subject).toBe("Confirm your letter of support: Care & pay");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("Ama &lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(mail.html).toContain('href="https://letters.example/support/confirm/abc_DEF-123"');
    expect(mail.text).toContain("\nhttps://letters.example/support/confirm/abc_DEF-123\n");
    expect(mail.text).toContain("used to send a letter of support on Undersigned");
    expect(mail.text).not.toContain("sign a letter");
  });
});
