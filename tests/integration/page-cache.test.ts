import type { ParsedMail } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { execute, query, triggers } from "../helpers/db";
import { postSignature, textOf, validSignature, waitForCount } from "../helpers/http";
import { type Browser, form, signInAs } from "../helpers/session";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// The page cache (issue 16): an anonymous visitor's campaign pages are rendered once and kept
// while nothing on them changes, each answer with its own nonce; validators for caches in front;
// never a kept page for someone signed in, never one language's page for another; and every write
// the page shows (from the web, or from another process) is on the next view.

const slug = "fair-care-now";
const page = `/c/${slug}`;

let app: RunningApp;
let mailbox: Mailbox;
let staff: Browser;

withAppAndMailbox((started) => ({ app, mailbox } = started));
beforeAll(async () => {
  staff = await signInAs(app, "staff@example.org", "staff");
});

type Answer = { status: number; headers: Headers; html: string; nonce: string | undefined };

async function get(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${app.url}${path}`, { redirect: "manual", ...init });
  const html = await response.text();
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  return { status: response.status, headers: response.headers, html, nonce };
}

/** The page with its nonce taken out: what two answers of the same kept page share. */
const withoutNonce = ({ html, nonce }: Answer) => (nonce ? html.split(nonce).join("NONCE") : html);
const pageVersion = () => query<{ page_version: number }>(app, "select page_version from campaigns where slug = ?", slug)[0].page_version;
const letterTextId = (html: string) => html.match(/name="letterTextId" value="(\d+)"/)?.[1] ?? "";

/**
 * Fetches a page until it has been kept (a first view renders it), then returns a view of it that
 * came from the cache. The background work of a step before (a mail sent, a batch counted) may move
 * the page's version between the two views, as it should: then it looks again, three times at most.
 */
async function cached(path: string) {
  for (let attempt = 1; ; attempt++) {
    await get(path);
    const hit = await get(path);
    if (hit.headers.get("x-cache") === "hit" || attempt === 3) {
      expect(hit.headers.get("x-cache"), path).toBe("hit");
      return hit;
    }
  }
}

/** Signs and confirms by the mailed link; returns the confirmation mail. */
async function signAndConfirm(name: string, email: string) {
  const html = (await get(page)).html;
  expect((await postSignature(app, slug, { ...validSignature, name, email, letterTextId: letterTextId(html) })).status).toBe(302);
  const [mail] = await mailbox.waitFor(1, email);
  expect((await fetch(verifyLink(mail))).status).toBe(200);
  return mail;
}

const withdrawLinkIn = (mail: ParsedMail) => mail.text?.match(/https?:\/\/\S+?\/withdraw\/\d+-[A-Za-z0-9_-]{43}/)?.[0] ?? "";

describe("an anonymous visitor's campaign page", () => {
  it("is rendered once, then answered from the cache with a fresh nonce each time", async () => {
    const first = await get(page);
    const second = await get(page);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("miss");
    expect(second.headers.get("x-cache")).toBe("hit");

    // Each answer's nonce is its own, and the one in its header is the one in its scripts.
    expect(first.nonce).toBeTruthy();
    expect(second.nonce).toBeTruthy();
    expect(second.nonce).not.toBe(first.nonce);
    for (const answer of [first, second]) {
      const inPage = [...answer.html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
      expect(inPage.length).toBeGreaterThan(0);
      expect(new Set(inPage)).toEqual(new Set([answer.nonce]));
    }
    expect(second.html).not.toContain(first.nonce);
    // The same page otherwise, byte for byte, and the same length.
    expect(withoutNonce(second)).toBe(withoutNonce(first));
    expect(second.headers.get("content-length")).toBe(String(Buffer.byteLength(second.html)));

    // Headers a cache in front reads, and the site's own, on a kept page as on a rendered one.
    for (const answer of [first, second]) {
      expect(answer.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=5, stale-while-revalidate=10");
      expect(answer.headers.get("etag")).toMatch(/^W\/"[\w-]+"$/);
      expect(answer.headers.get("vary")).toMatch(/\bCookie\b/);
      expect(answer.headers.get("x-frame-options")).toBe("DENY");
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("referrer-policy")).toBe("same-origin");
      expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(answer.headers.get("set-cookie")).toBeNull();
    }
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(textOf(second.html)).toContain("Sign in");
  });

  it("answers HEAD from the cache, with the headers and no body", async () => {
    const full = await cached(page);
    const head = await get(page, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-cache")).toBe("hit");
    expect(head.html).toBe("");
    expect(head.headers.get("content-length")).toBe(full.headers.get("content-length"));
    expect(head.headers.get("etag")).toBe(full.headers.get("etag"));
  });

  it("answers 304 to a matching If-None-Match without sending the page", async () => {
    const { headers } = await cached(page);
    const etag = headers.get("etag")!;
    const notModified = await get(page, { headers: { "If-None-Match": etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.html).toBe("");
    expect(notModified.headers.get("etag")).toBe(etag);
    expect(notModified.headers.get("vary")).toMatch(/\bCookie\b/);
    // A list naming it, and the strong form of the same tag, match too; another tag does not.
    expect((await get(page, { headers: { "If-None-Match": `"other", ${etag.slice(2)}` } })).status).toBe(304);
    const other = await get(page, { headers: { "If-None-Match": 'W/"something-else"' } });
    expect(other.status).toBe(200);
    expect(other.headers.get("etag")).toBe(etag);
  });

  it("keeps each language's page apart", async () => {
    const english = await cached(page);
    const welsh = await cached(`/cy${page}`);
    expect(english.html).toContain('<html lang="en"');
    expect(welsh.html).toContain('<html lang="cy"');
    expect(textOf(welsh.html)).toContain("Mewngofnodi");
    expect(welsh.headers.get("etag")).not.toBe(english.headers.get("etag"));

    // A browser opening the Welsh page first gets the language cookie: the kept page, but this answer is the reader's own.
    const firstWelsh = await get(`/cy${page}`, { headers: { Accept: "text/html" } });
    expect(firstWelsh.headers.get("x-cache")).toBe("hit");
    expect(firstWelsh.headers.get("set-cookie")).toMatch(/^language=cy;/);
    expect(firstWelsh.headers.get("cache-control")).toBe("private, no-cache");
    expect(withoutNonce(firstWelsh)).toBe(withoutNonce(welsh));
    // With the cookie it is a public page again; and the English page with a Welsh reader's cookie is still English.
    const withCookie = await get(`/cy${page}`, { headers: { Accept: "text/html", Cookie: "language=cy" } });
    expect(withCookie.headers.get("x-cache")).toBe("hit");
    expect(withCookie.headers.get("set-cookie")).toBeNull();
    expect(withCookie.headers.get("cache-control")).toMatch(/^public/);
    const englishForWelshReader = await get(page, { headers: { Cookie: "language=cy" } });
    expect(englishForWelshReader.headers.get("x-cache")).toBe("hit");
    expect(englishForWelshReader.html).toContain('<html lang="en"');
  });

  it("keeps the campaign's other public pages, each page of signatories apart", async () => {
    for (const path of [`${page}/sign`, `${page}/versions`, `${page}/support`, `/cy${page}/sign`, `${page}?page=2`]) {
      const hit = await cached(path);
      expect(hit.status, path).toBe(200);
    }
    expect((await cached(`${page}?page=2`)).headers.get("etag")).not.toBe((await cached(page)).headers.get("etag"));
  });

  it("never keeps a page for someone signed in, nor gives them a kept one", async () => {
    const anonymous = await cached(page);
    const signedIn = await staff(page);
    const html = await signedIn.text();
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("x-cache")).toBeNull();
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    expect(signedIn.headers.get("etag")).toBeNull();
    expect(signedIn.headers.get("vary")).toMatch(/\bCookie\b/);
    expect(textOf(html)).toContain("Workspace");
    expect(textOf(anonymous.html)).not.toContain("Workspace");
    // The next anonymous visitor still gets the anonymous page.
    const after = await get(page);
    expect(after.headers.get("x-cache")).toBe("hit");
    expect(textOf(after.html)).toContain("Sign in");
    expect(textOf(after.html)).not.toContain("Workspace");
  });

  it("keeps no page that is not there, and none with another query", async () => {
    for (const path of ["/c/no-such-campaign", "/c/secret-draft"]) {
      const first = await get(path);
      const second = await get(path);
      expect(first.status, path).toBe(404);
      expect(second.status, path).toBe(404);
      expect(second.headers.get("x-cache"), path).not.toBe("hit");
      expect(second.headers.get("etag"), path).toBeNull();
      expect(second.headers.get("cache-control") ?? "", path).not.toMatch(/public/);
    }
    const queried = await get(`${page}?utm_source=radio`);
    expect(queried.status).toBe(200);
    expect(queried.headers.get("x-cache")).toBeNull();
  });
});

describe("a kept page after a change", () => {
  it("shows a confirmed signature once it is counted, not an unconfirmed one", async () => {
    await cached(page);
    const before = pageVersion();
    const html = (await get(page)).html;
    expect((await postSignature(app, slug, { ...validSignature, name: "Unconfirmed Una", email: "una@example.org", letterTextId: letterTextId(html) })).status).toBe(302);
    // A signature nobody has confirmed shows nowhere: the page is not touched.
    expect(pageVersion()).toBe(before);
    expect((await get(page)).headers.get("x-cache")).toBe("hit");

    await signAndConfirm("Ann Jones", "ann@example.org");
    await waitForCount(app, slug, 1);
    const counted = await get(page);
    expect(counted.headers.get("x-cache")).toBe("miss");
    expect(textOf(counted.html)).toContain("Ann Jones");
    expect(textOf(counted.html)).not.toContain("Unconfirmed Una");
    expect((await get(page)).headers.get("x-cache")).toBe("hit");
  });

  it("drops a name a moderator hides, even when another process writes it", async () => {
    expect(textOf((await cached(page)).html)).toContain("Ann Jones");
    execute(app, "update signatures set name_hidden = 1 where email = ?", "ann@example.org");
    expect(textOf((await get(page)).html)).not.toContain("Ann Jones");
    execute(app, "update signatures set name_hidden = 0 where email = ?", "ann@example.org");
    expect(textOf((await get(page)).html)).toContain("Ann Jones");
  });

  it("drops a withdrawn signature", async () => {
    const mail = await signAndConfirm("Bob Evans", "bob@example.org");
    await waitForCount(app, slug, 2);
    expect(textOf((await cached(page)).html)).toContain("Bob Evans");
    // As the withdraw test does: the mail about the signature is sent before it is withdrawn.
    const deadline = Date.now() + 10_000;
    while (query<{ n: number }>(app, "select count(*) as n from outbox where recipient = ? and status <> 'sent'", "bob@example.org")[0].n > 0) {
      if (Date.now() > deadline) throw new Error("mail to bob@example.org was not sent");
      await new Promise((r) => setTimeout(r, 50));
    }
    const withdrawn = await fetch(withdrawLinkIn(mail), { method: "POST", body: new URLSearchParams(), redirect: "manual" });
    expect(withdrawn.status).toBe(302);
    const after = await get(page);
    expect(after.headers.get("x-cache")).toBe("miss");
    expect(textOf(after.html)).not.toContain("Bob Evans");
  });

  it("shows a published response", async () => {
    await cached(page);
    const janeId = query<{ id: number }>(app, "select r.id from recipients r join campaigns c on c.id = r.campaign_id where c.slug = ? and r.name = 'Jane Minister'", slug)[0].id;
    const body = new FormData();
    for (const [name, value] of Object.entries({ recipientId: String(janeId), receivedOn: "2026-11-20", body: "We will review care pay this winter." })) body.append(name, value);
    expect((await staff(`/workspace/c/${slug}/responses`, { method: "POST", body })).status).toBe(302);
    expect(textOf((await get(page)).html)).toContain("We will review care pay this winter.");
  });

  it("shows an amended letter, on the letter and its versions", async () => {
    await cached(page);
    await cached(`${page}/versions`);
    const amended = await staff(`/workspace/c/${slug}/amend`, form({ "body.en": "Dear Minister,\n\nPlease pay care workers fairly, from April.", reason: "Added the date.", _action: "save" }));
    expect(amended.status).toBe(302);
    expect(textOf((await get(page)).html)).toContain("from April");
    expect(textOf((await get(`${page}/versions`)).html)).toContain("Added the date.");
  });

  it("shows the campaign closed, when closed and when its closing time passes", async () => {
    expect(textOf((await cached(`${page}/sign`)).html)).not.toContain("This campaign is closed");
    expect((await staff(`/workspace/c/${slug}`, form({ action: "close" }))).status).toBe(302);
    expect(textOf((await get(page)).html)).toContain("This campaign is closed");
    expect(textOf((await get(`${page}/sign`)).html)).toContain("This campaign is closed");

    // Open again, closing in two seconds: kept as open until then, with no write at that moment.
    execute(app, "update campaigns set status = 'open', closes_at = ? where slug = ?", new Date(Date.now() + 2_000).toISOString(), slug);
    const open = await cached(page);
    expect(textOf(open.html)).not.toContain("This campaign is closed");
    await new Promise((r) => setTimeout(r, 2_500));
    const closed = await get(page);
    expect(closed.headers.get("x-cache")).toBe("miss");
    expect(textOf(closed.html)).toContain("This campaign is closed");
    expect(closed.headers.get("etag")).not.toBe(open.headers.get("etag"));
  });
});

describe("a confirmation link", () => {
  const pathOf = (link: string) => new URL(link).pathname;
  const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);
  const verifiedAt = (name: string) => query<{ verified_at: string | null }>(app, "select verified_at from signatures where name = ?", name)[0]?.verified_at;
  // Open again: the tests before closed it.
  beforeAll(() => execute(app, "update campaigns set status = 'open', closes_at = null where slug = ?", slug));

  /** Signs, and returns the confirmation mail without following its link. */
  async function signUnconfirmed(name: string, email: string) {
    const html = (await get(page)).html;
    expect((await postSignature(app, slug, { ...validSignature, name, email, letterTextId: letterTextId(html) })).status).toBe(302);
    return (await mailbox.waitFor(1, email))[0];
  }

  it("confirms the signature, and each signer's page from the kept one carries their own links only", async () => {
    const mails = [await signUnconfirmed("Carys Hughes", "carys@example.org"), await signUnconfirmed("Dewi Price", "dewi@example.org")];
    expect(verifiedAt("Carys Hughes")).toBeNull();
    const answers = [await get(pathOf(verifyLink(mails[0]))), await get(pathOf(verifyLink(mails[1])))];
    expect(verifiedAt("Carys Hughes")).toBeTruthy();
    expect(verifiedAt("Dewi Price")).toBeTruthy();
    // Earlier tests confirmed by link on this campaign too: the first may already be a hit.
    expect(answers[1].headers.get("x-cache")).toBe("hit");
    answers.forEach((answer, i) => {
      const own = mails[i];
      const other = mails[1 - i];
      expect(answer.status).toBe(200);
      expect(textOf(answer.html)).toContain("Signature confirmed");
      expect(answer.html).toContain(`href="${pathOf(withdrawLinkIn(own))}"`);
      expect(answer.html).toContain(`href="/cy/verify/${tokenOf(verifyLink(own))}"`); // the language switch
      expect(answer.html).not.toContain(pathOf(withdrawLinkIn(other)));
      expect(answer.html).not.toContain(tokenOf(verifyLink(other)));
      // Its own nonce, the header's the same as the scripts'; private, as the route says.
      const inPage = [...answer.html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
      expect(inPage.length).toBeGreaterThan(0);
      expect(new Set(inPage)).toEqual(new Set([answer.nonce]));
      expect(answer.headers.get("cache-control")).toBe("private, no-store");
      expect(answer.headers.get("referrer-policy")).toBe("no-referrer");
      expect(answer.headers.get("etag")).toBeNull();
      expect(Number(answer.headers.get("content-length"))).toBe(Buffer.byteLength(answer.html));
    });
    expect(answers[0].nonce).not.toBe(answers[1].nonce);
    // Opened again (a mail scanner first, then the signer): the same page, nothing changed.
    const again = await get(pathOf(verifyLink(mails[0])));
    expect(again.headers.get("x-cache")).toBe("hit");
    expect(withoutNonce(again)).toBe(withoutNonce(answers[0]));
  });

  it("answers in Welsh under /cy and in Easy Read under the campaign's Easy Read pages, each kept apart", async () => {
    const mail = await signUnconfirmed("Eirlys Morgan", "eirlys@example.org");
    const token = tokenOf(verifyLink(mail));
    const withdraw = pathOf(withdrawLinkIn(mail));
    const english = await get(`/verify/${token}`);
    const welsh = await get(`/cy/verify/${token}`);
    const easyRead = await get(`/c/${slug}/easy-read/verify/${token}`);
    for (const answer of [english, welsh, easyRead]) expect(answer.status).toBe(200);
    expect(english.html).toMatch(/<html lang="en"/);
    expect(welsh.html).toMatch(/<html lang="cy"/);
    expect(welsh.html).toContain(`href="/cy${withdraw}"`);
    expect(welsh.html).toContain(`href="/verify/${token}"`);
    expect(textOf(welsh.html)).not.toContain("Signature confirmed");
    expect(easyRead.html).toContain('class="easy-read"');
    expect(textOf(easyRead.html)).toContain("You have signed the letter");
    expect(easyRead.html).toContain(`href="/c/${slug}/easy-read"`);
    expect(easyRead.html).toContain(`href="${withdraw}"`);
    // Each kept: the next signer's Welsh page is a hit, and still Welsh.
    const next = await signUnconfirmed("Ffion Rees", "ffion@example.org");
    const welshAgain = await get(`/cy/verify/${tokenOf(verifyLink(next))}`);
    expect(welshAgain.headers.get("x-cache")).toBe("hit");
    expect(welshAgain.html).toMatch(/<html lang="cy"/);
    expect(welshAgain.html).toContain(`href="/cy${pathOf(withdrawLinkIn(next))}"`);
  });

  it("leaves a link that does not work, a HEAD, a query and someone signed in to Remix", async () => {
    const invalid = await get(`/verify/${"A".repeat(43)}`);
    expect(invalid.status).toBe(404);
    expect(invalid.headers.get("x-cache")).toBeNull();
    expect(textOf(invalid.html)).toContain("This link does not work");

    const mail = await signUnconfirmed("Gareth Lloyd", "gareth@example.org");
    const head = await fetch(verifyLink(mail), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-cache")).toBeNull();
    expect(verifiedAt("Gareth Lloyd")).toBeTruthy();
    const queried = await get(`${pathOf(verifyLink(mail))}?utm_source=mail`);
    expect(queried.status).toBe(200);
    expect(queried.headers.get("x-cache")).toBeNull();

    const signedIn = await staff(pathOf(verifyLink(mail)));
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("x-cache")).toBeNull();
    const html = await signedIn.text();
    expect(textOf(html)).toContain("Workspace");
    expect(html).toContain(`href="${pathOf(withdrawLinkIn(mail))}"`);
  });

  it("shows the campaign's title as it is now", async () => {
    const mail = await signUnconfirmed("Hywel Jones", "hywel@example.org");
    const title = query<{ title: string }>(app, "select title from campaigns where slug = ?", slug)[0].title;
    const retitle = (to: string) => {
      execute(app, "update campaigns set title = ? where slug = ?", to, slug);
      execute(app, "update campaign_texts set title = ? where campaign_id = (select id from campaigns where slug = ?)", to, slug);
    };
    retitle("Fair care, now and always");
    try {
      const answer = await get(pathOf(verifyLink(mail)));
      expect(answer.headers.get("x-cache")).toBe("miss");
      expect(textOf(answer.html)).toContain("Fair care, now and always");
      expect(textOf(answer.html)).not.toContain(title);
    } finally {
      retitle(title);
    }
  });
});

describe("what keeps kept pages right", () => {
  it("has a trigger on every table the public pages show, after every migration", () => {
    // A SQLite table rebuilt by a later migration (db/dialect.ts dropNotNull) loses its triggers:
    // then kept pages would go stale without anyone noticing. This notices.
    const found = triggers(app, "page_version");
    const tables = new Set(found.map((t) => t.tbl_name));
    for (const table of ["campaigns", "campaign_texts", "letter_versions", "letter_texts", "recipients", "campaign_counts", "deliveries", "outbox", "signatures", "support_letters", "responses"]) {
      expect(tables.has(table), table).toBe(true);
    }
    expect(found).toHaveLength(29);
  });
});
