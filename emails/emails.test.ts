import { describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import { alreadySigned } from "./already-signed";
import { verifySignature } from "./verify-signature";

const t = getT("en");

describe("mail templates", () => {
  it("escape names and titles in HTML and keep the plain text readable", () => {
    const mail = verifySignature(t, "en", {
      name: `Ann <img src=x onerror="alert(1)">`,
      campaignTitle: `Care & "fair" pay`,
      verifyUrl: "https://letters.example/verify/abc_DEF-123",
    });
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("Ann &lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(mail.html).toContain("Care &amp; &quot;fair&quot; pay");
    expect(mail.html).toContain('href="https://letters.example/verify/abc_DEF-123"');
    expect(mail.text).toContain(`Dear Ann <img src=x onerror="alert(1)">,`);
    expect(mail.text).toContain("\nhttps://letters.example/verify/abc_DEF-123\n");
    expect(mail.subject).toBe(`Confirm your signature: Care & "fair" pay`);
  });

  it("say plainly that a repeat signature is already counted, with no confirmation link", () => {
    const mail = alreadySigned(t, "en", { name: "Ann", campaignTitle: "Fair care", campaignUrl: "https://letters.example/c/fair" });
    expect(mail.subject).toBe("You have already signed: Fair care");
    expect(mail.text).toContain("already confirmed and counted once");
    expect(mail.text).not.toContain("/verify/");
    expect(mail.html).toContain('<html lang="en">');
  });
});
