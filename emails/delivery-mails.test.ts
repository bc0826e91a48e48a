import { describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import { campaignResponse } from "./campaign-response";
import { packDelivery } from "./pack-delivery";

const t = getT("en");

describe("the delivery and response mails", () => {
  it("put the covering message first, escaped in HTML with its paragraphs, then the recipient's own link", () => {
    const mail = packDelivery(t, "en", {
      campaignTitle: `Care & "fair" <b>pay</b>`,
      campaignUrl: "https://letters.example/c/fair",
      message: "Dear Minister,\n\nWe <i>ask</i> you\nto act.",
      downloadUrl: "https://letters.example/packs/abc_DEF-123",
      attached: true,
      size: "2.4 MB",
    });
    expect(mail.subject).toBe(`Open letter: Care & "fair" <b>pay</b>`);
    expect(mail.text.startsWith("Dear Minister,\n\nWe <i>ask</i> you\nto act.\n")).toBe(true);
    expect(mail.html).toContain("<p>Dear Minister,</p>\n<p>We &lt;i&gt;ask&lt;/i&gt; you<br>to act.</p>");
    expect(mail.html).toContain('href="https://letters.example/packs/abc_DEF-123"');
    expect(mail.text).toContain("The signature pack (2.4 MB) is attached to this email");
    expect(mail.text).toContain("\nhttps://letters.example/packs/abc_DEF-123\n");
  });

  it("name who responded and when, and end with the way to stop them", () => {
    const mail = campaignResponse(t, "en", {
      campaignTitle: "Fair care",
      campaignUrl: "https://letters.example/c/fair#responses",
      from: "Jane <Minister>",
      receivedOn: "20 November 2026",
      body: "Thank you.\n\n<script>alert(1)</script>",
      unsubscribeUrl: "https://letters.example/unsubscribe/7-abc",
    });
    expect(mail.subject).toBe("A response to “Fair care”");
    expect(mail.text).toContain("Jane <Minister> has responded to the open letter “Fair care”, which you signed. The response, received on 20 November 2026:");
    expect(mail.html).toContain("Jane &lt;Minister&gt; has responded");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain("Stop emails about this campaign: https://letters.example/unsubscribe/7-abc");
    expect(mail.html).toContain('href="https://letters.example/unsubscribe/7-abc"');
  });
});
