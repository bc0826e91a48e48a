import { describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import { alreadySigned } from "./already-signed";
import { type TemplateData, type TemplateName, templates } from "./index";
import { verifySignature } from "./verify-signature";

const t = getT("en");

describe("mail templates", () => {
  it("escape names and titles in HTML and keep the plain text readable", () => {
    const mail = verifySignature(t, "en", {
      name: `Ann <img src=x onerror="alert(1)">`,
      campaignTitle: `Care & "fair" pay`,
      verifyUrl: "https://letters.example/verify/abc_DEF-123",
      withdrawUrl: "https://letters.example/withdraw/1-abc",
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
    const mail = alreadySigned(t, "en", { name: "Ann", campaignTitle: "Fair care", campaignUrl: "https://letters.example/c/fair", withdrawUrl: "https://letters.example/withdraw/1-abc" });
    expect(mail.subject).toBe("You have already signed: Fair care");
    expect(mail.text).toContain("already confirmed and counted once");
    expect(mail.text).not.toContain("/verify/");
    expect(mail.html).toContain('<html lang="en">');
  });

  it("write every mail in the reader's language, and say so in its <html lang>", () => {
    const campaign = { campaignTitle: "Gofal teg nawr", campaignUrl: "https://letters.example/cy/c/gofal" };
    // One of every mail; the type makes a new template add its own.
    const samples: { [N in TemplateName]: TemplateData<N> } = {
      "verify-signature": { name: "Siân", campaignTitle: campaign.campaignTitle, verifyUrl: "https://letters.example/cy/verify/abc", withdrawUrl: "https://letters.example/cy/withdraw/1-abc" },
      "already-signed": { name: "Siân", ...campaign, withdrawUrl: "https://letters.example/cy/withdraw/1-abc" },
      "sign-in": { link: "https://letters.example/cy/sign-in/abc", code: "123456", minutes: 15 },
      "team-invitation": { link: "https://letters.example/cy/invitations/abc", campaignTitle: campaign.campaignTitle, invitedBy: "Ann", days: 14 },
      "pack-delivery": { ...campaign, message: "Annwyl Brif Weinidog,", downloadUrl: "https://letters.example/cy/packs/abc", attached: true, size: "2.4 MB" },
      "campaign-response": { ...campaign, from: "Jane Minister", receivedOn: "20 Tachwedd 2026", body: "Diolch.", unsubscribeUrl: "https://letters.example/cy/unsubscribe/1-abc" },
      "support-invitation": { link: "https://letters.example/cy/c/gofal/support/new?invitation=abc", campaignTitle: campaign.campaignTitle, invitedBy: "Ann", name: "Dafydd", message: null },
      "support-reminder": { link: "https://letters.example/cy/c/gofal/support/new?invitation=abc", campaignTitle: campaign.campaignTitle, invitedBy: "Ann", name: null, message: "Os gwelwch yn dda." },
      "support-letter-approved": { authorName: "Elin", campaignTitle: campaign.campaignTitle, letterUrl: "https://letters.example/cy/c/gofal/support/1" },
      "support-letter-sent-back": { authorName: "Elin", campaignTitle: campaign.campaignTitle, note: "Byrrach, os gwelwch yn dda.", reviseUrl: "https://letters.example/cy/support/revise/abc" },
      "support-letter-rejected": { authorName: "Elin", campaignTitle: campaign.campaignTitle, note: null },
      "support-letter-confirm": { name: "Elin", campaignTitle: campaign.campaignTitle, confirmUrl: "https://letters.example/cy/support/confirm/abc" },
      "paper-signature": { name: "Siân", campaignTitle: campaign.campaignTitle, sheet: "S-0007", campaignUrl: campaign.campaignUrl, withdrawUrl: "https://letters.example/cy/withdraw/1-abc" },
      "my-data-link": { link: "https://letters.example/cy/my-data/abc", minutes: 15 },
    };
    for (const name of Object.keys(samples) as TemplateName[]) {
      const render = templates[name] as (t: ReturnType<typeof getT>, language: string, data: unknown) => { subject: string; text: string; html: string };
      const welsh = render(getT("cy"), "cy", samples[name]);
      const english = render(getT("en"), "en", samples[name]);
      expect(welsh.html, name).toContain('<html lang="cy">');
      expect(english.html, name).toContain('<html lang="en">');
      expect(welsh.subject, name).not.toBe(english.subject);
      expect(welsh.text, name).not.toBe(english.text);
      // Welsh all through: the English mail's footer is not in it.
      expect(welsh.text, name).not.toContain("You are receiving this");
      expect(welsh.html, name).not.toContain("You are receiving this");
      // Every mail ends with the privacy notice's address, in its language (PUBLIC_URL unset here: localhost).
      expect(english.text, name).toMatch(/How we look after your information: http:\/\/localhost:\d+\/privacy\n/);
      expect(english.html, name).toMatch(/How we look after your information: <a href="http:\/\/localhost:\d+\/privacy">/);
      expect(welsh.text, name).toMatch(/Sut rydym ni'n gofalu am eich gwybodaeth: http:\/\/localhost:\d+\/cy\/privacy\n/);
      expect(welsh.html, name).toMatch(/Sut rydym ni&#39;n gofalu am eich gwybodaeth: <a href="http:\/\/localhost:\d+\/cy\/privacy">/);
    }
  });
});
