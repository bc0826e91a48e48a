import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { query } from "../helpers/db";
import { postSignature, textOf, validSignature, waitForCount } from "../helpers/http";
import { signInAs } from "../helpers/session";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp({ TRUST_PROXY: "1" });
});
afterAll(() => stopApp(app));

const page = async (path: string) => {
  const response = await fetch(`${app.url}${path}`, { redirect: "manual" });
  return { status: response.status, html: await response.text(), headers: response.headers };
};

describe("public pages", () => {
  it("lists open campaigns only, with their counts", async () => {
    const { status, html } = await page("/");
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain("Fair care now");
    expect(text).toContain("0 signatures");
    expect(text).not.toContain("An old letter");
    expect(text).not.toContain("A draft nobody may see");
    expect(html).toContain('<html lang="en"');
  });

  it("shows the letter, who it is to and who gets copies, the count and the form", async () => {
    const { status, html } = await page("/c/fair-care-now");
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toMatch(/To Jane Minister , Minister for Care/);
    expect(text).toMatch(/Copies to Sam Leader , Leader of the Opposition/);
    expect(text).toContain("0 people have signed");
    expect(text).toContain("Goal: 100 signatures");
    expect(html).toContain("<strong>pay care workers fairly</strong>");
    expect(html).toMatch(/<form[^>]*action="\/c\/fair-care-now\/sign"/);
    // Raw HTML in a letter is shown as text, never run.
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert");
    // Recipient addresses are for delivery, not for the page.
    expect(html).not.toContain("jane.minister@gov.example");
  });

  it("shows a closed campaign's letter and count but no form, and refuses signatures", async () => {
    const { status, html } = await page("/c/old-letter");
    expect(status).toBe(200);
    expect(textOf(html)).toContain("This campaign is closed");
    expect(textOf(html)).toContain("pay care workers fairly");
    expect(html).not.toContain("<form");
    const post = await postSignature(app, "old-letter", validSignature, { "X-Forwarded-For": "192.0.2.200" });
    expect(post.status).toBe(403);
    expect(query(app, "select count(*) as n from signatures")[0]).toEqual({ n: 0 });
  });

  it("stops taking signatures once the closing date has passed", async () => {
    const { html } = await page("/c/past-deadline");
    expect(textOf(html)).toContain("This campaign is closed");
    expect(html).not.toContain("<form");
    expect(textOf((await page("/")).html)).not.toContain("Past its deadline");
    const post = await postSignature(app, "past-deadline", validSignature, { "X-Forwarded-For": "192.0.2.201" });
    expect(post.status).toBe(403);
    expect(textOf(await post.text())).toContain("This campaign is closed");
  });

  it("gives unknown and draft campaigns a real 404 page", async () => {
    for (const path of ["/c/no-such-campaign", "/c/secret-draft", "/c/secret-draft/sign", "/nowhere"]) {
      const { status, html } = await page(path);
      expect(status, path).toBe(404);
      expect(textOf(html)).toContain("Page not found");
      expect(html).not.toContain("A draft nobody may see");
    }
    expect((await postSignature(app, "no-such-campaign", validSignature)).status).toBe(404);
    expect((await fetch(`${app.url}/c/secret-draft/count.json`)).status).toBe(404);
  });

  it("serves count.json so that a cache may keep it for a few seconds", async () => {
    const response = await fetch(`${app.url}/c/fair-care-now/count.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=5, stale-while-revalidate=30");
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["count", "goal", "slug", "updatedAt"]);
    expect(body).toMatchObject({ slug: "fair-care-now", count: 0, goal: 100 });
    expect(Number.isNaN(Date.parse(body.updatedAt))).toBe(false);
  });
});

describe("the header and the footer", () => {
  it("offers a visitor Sign in, and links every page to the privacy notice, the accessibility statement and contact", async () => {
    for (const path of ["/", "/c/fair-care-now", "/sign-in", "/nowhere"]) {
      const { html } = await page(path);
      const header = html.match(/<header class="site-header">[\s\S]*?<\/header>/)?.[0] ?? "";
      expect(header, path).toContain('href="/sign-in"');
      expect(header, path).not.toContain('href="/workspace"');
      const footer = html.match(/<footer class="site-footer">[\s\S]*?<\/footer>/)?.[0] ?? "";
      for (const href of ["/privacy", "/accessibility", "/contact"]) expect(footer, `${path} links to ${href}`).toContain(`href="${href}"`);
    }
  });

  it("offers someone signed in their workspace instead", async () => {
    const get = await signInAs(app, "header@example.org", "campaigner");
    const html = await (await get("/")).text();
    const header = html.match(/<header class="site-header">[\s\S]*?<\/header>/)?.[0] ?? "";
    expect(header).toContain('href="/workspace"');
    expect(header).not.toContain('href="/sign-in"');
  });

  // The notice's settings, links and Welsh: tests/integration/privacy-notice.test.ts.
  it("has a plain privacy notice: what is kept, who sees it, what recipients get, and for how long", async () => {
    const { status, html } = await page("/privacy");
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain("Privacy notice");
    for (const kept of ["your name", "your email address", "your town or postcode", "your organisation and your role", "your comment", "your IP address"]) {
      expect(text).toContain(kept);
    }
    expect(text).toContain("Only staff see the email address you signed with.");
    expect(text).toContain("The pack never has your email address or your IP address.");
    expect(text).toContain("We keep your personal information for 6 months after a campaign closes or its letter is delivered.");
    expect(html).toContain('href="/contact"');
  });

  it("has an accessibility statement in the GOV.UK model, honest about the signature pack's PDF", async () => {
    const { status, html } = await page("/accessibility");
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain("Accessibility statement");
    expect(text).toContain("WCAG) version 2.2, at level AA");
    expect(text).toContain("The letter in the signature pack (letter.pdf) is not a tagged PDF.");
    expect(text).toContain("Equality Advisory and Support Service (EASS)");
    expect(text).toContain("We prepared this statement on 1 December 2026.");
    expect(html).toContain('href="/contact"');
  });

  it("gives MAIL_FROM's address on the contact page, with no setting of its own", async () => {
    const { status, html } = await page("/contact");
    expect(status).toBe(200);
    expect(textOf(html)).toContain("Contact us");
    expect(html).toContain('href="mailto:noreply@undersigned.localhost"');
  });
});

describe("the public list of signatories", () => {
  it("shows verified signers who chose to be shown, newest first, 20 to a page", async () => {
    // 23 people sign and confirm; one of them asks not to be shown, one never confirms.
    for (let n = 1; n <= 25; n++) {
      const fields = { ...validSignature, name: `Signer ${n}`, email: `s${n}@example.org` };
      if (n === 7) delete (fields as Partial<typeof fields>).showName;
      const res = await postSignature(app, "fair-care-now", fields, { "X-Forwarded-For": `198.51.100.${n}` });
      expect(res.status).toBe(302);
    }
    const links = await linksFromLog(25);
    for (let n = 1; n <= 24; n++) expect((await fetch(links.get(`s${n}@example.org`)!)).status).toBe(200);
    await waitForCount(app, "fair-care-now", 24);

    const first = textOf((await page("/c/fair-care-now")).html);
    expect(first).toContain("24 people have signed");
    expect(first).toContain("Page 1 of 2");
    const names = (text: string) => [...text.matchAll(/Signer (\d+)/g)].map((m) => Number(m[1]));
    const shown = [...names(first), ...names(textOf((await page("/c/fair-care-now?page=2")).html))];
    expect(shown).toHaveLength(23);
    expect(shown).not.toContain(7);
    expect(shown).not.toContain(25);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    // A nonsense page number falls back to the first page.
    expect((await page("/c/fair-care-now?page=abc")).status).toBe(200);
  });
});

/** The verification links the server logged for mail written to the outbox folder. */
async function linksFromLog(count: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const links = new Map(
      app
        .logs()
        .split("\n")
        .filter((line) => line.includes('"links"'))
        .map((line) => JSON.parse(line) as { to: string; links: string[] })
        .map((entry) => [entry.to, entry.links[0]]),
    );
    if (links.size >= count) return links;
    if (Date.now() > deadline) throw new Error(`only ${links.size} links logged`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
