import { describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import { teamInvitation } from "./team-invitation";

describe("the team invitation mail", () => {
  it("names the campaign and who invited, escapes both in HTML, and holds the link", () => {
    const mail = teamInvitation(getT("en"), "en", {
      link: "https://letters.example/invitations/abc_DEF-123",
      campaignTitle: `Care & "fair" <b>pay</b>`,
      invitedBy: "Ann <ann@example.org>",
      days: 14,
    });
    expect(mail.subject).toBe(`You are invited to work on “Care & "fair" <b>pay</b>”`);
    expect(mail.html).not.toContain("<b>pay");
    expect(mail.html).toContain("Care &amp; &quot;fair&quot; &lt;b&gt;pay&lt;/b&gt;");
    expect(mail.html).toContain("Ann &lt;ann@example.org&gt; has invited you");
    expect(mail.html).toContain('href="https://letters.example/invitations/abc_DEF-123"');
    expect(mail.text).toContain("\nhttps://letters.example/invitations/abc_DEF-123\n");
    expect(mail.text).toContain("It works once, for 14 days");
  });
});
