import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { StaticRouter } from "react-router-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ErrorPage, type ErrorPlace } from "~/components/error-page";
import { getI18n } from "~/i18n";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { openCampaign } from "../helpers/fixtures";
import { textOf } from "../helpers/http";
import { type Browser, campaignForm, form, signInAs } from "../helpers/session";
import { testPostgresUrl } from "../helpers/test-database";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// The page a person gets when something cannot be done: a heading per status that is also the
// page's title, a sentence saying what happened, and the way back. Never "something went wrong",
// never the error's own message.

const SLUG = "error-pages-letter";

let app: RunningApp;
let owner: Browser;
let staff: Browser;

beforeAll(async () => {
  app = await startApp();
  [owner, staff] = await Promise.all([signInAs(app, "owner@example.org", "campaigner"), signInAs(app, "staff@example.org", "staff")]);
  expect((await owner("/workspace/new", campaignForm({ title: "The error pages letter", slug: SLUG }))).status).toBe(302);
  expect((await owner(`/workspace/c/${SLUG}?index`, form({ action: "publish" }))).status).toBe(302);
});
afterAll(() => stopApp(app));

/** A page's links, by their words. */
const linksIn = (html: string) => Object.fromEntries([...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map(([, href, words]) => [words, href]));

/** The status, the <title>, the <h1> and the visible text of a page, and its links by their words. */
async function read(response: Response) {
  const html = await response.text();
  const links = linksIn(html);
  return {
    status: response.status,
    title: html.match(/<title>([^<]*)<\/title>/)?.[1],
    heading: textOf(html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1] ?? "").trim(),
    text: textOf(html),
    links,
    html,
  };
}

const never = ["Sorry, something went wrong", "Try again in a few minutes"];

describe("403: what the person may not do, and the way back", () => {
  it("tells a campaigner opening a staff-only page of their own campaign, inside the workspace", async () => {
    const page = await read(await owner(`/workspace/c/${SLUG}/pack`));
    expect(page.status).toBe(403);
    expect(page.heading).toBe("You do not have permission to use this page");
    expect(page.title).toBe("You do not have permission to use this page – Undersigned");
    // What they may not do, in the access policy's own words.
    expect(page.text).toContain("Only staff can export a campaign's signature pack.");
    expect(page.links["Go to your campaigns"]).toBe("/workspace");
    // The workspace bar stays: who is signed in, and signing out.
    expect(page.text).toContain("Signed in as owner@example.org");
    expect(page.html).toMatch(/<form[^>]*action="\/sign-out"/);
    for (const words of never) expect(page.text).not.toContain(words);
  });

  it("tells a campaigner opening a staff-only workspace page", async () => {
    const page = await read(await owner("/workspace/audit"));
    expect(page.status).toBe(403);
    expect(page.heading).toBe("You do not have permission to use this page");
    expect(page.title).toBe("You do not have permission to use this page – Undersigned");
    expect(page.text).toContain("Only staff can read the audit log.");
    expect(page.links["Go to your campaigns"]).toBe("/workspace");
  });
});

describe("404: what to check, and the way back", () => {
  it.each([
    ["an unknown campaign", "/c/no-such-campaign"],
    ["an unknown page", "/no/such/page"],
  ])("for %s on the public site", async (_, path) => {
    const page = await read(await fetch(`${app.url}${path}`));
    expect(page.status).toBe(404);
    expect(page.heading).toBe("Page not found");
    expect(page.title).toBe("Page not found – Undersigned");
    expect(page.text).toContain("If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.");
    expect(page.links["See all campaigns"]).toBe("/");
    for (const words of never) expect(page.text).not.toContain(words);
  });

  it("for an unknown campaign in the workspace, with the way back to the person's campaigns", async () => {
    const page = await read(await owner("/workspace/c/no-such-campaign"));
    expect(page.status).toBe(404);
    expect(page.heading).toBe("Page not found");
    expect(page.title).toBe("Page not found – Undersigned");
    expect(page.links["Go to your campaigns"]).toBe("/workspace");
    expect(page.text).toContain("Signed in as owner@example.org");
  });
});

describe("409: it changed meanwhile", () => {
  // The app's real 409s are answered on the page the person was on, with the form and what
  // changed, rather than on an error page: two moderators deciding the same letter of support.
  it("tells the second of two moderators that the letter was decided meanwhile, on the letter's page", async () => {
    const at = new Date().toISOString();
    const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", SLUG)[0].id;
    const letter = execute(
      app,
      "insert into support_letters (campaign_id, author_name, email, role, organisation, country, body, consent_at, status, created_at, updated_at, confirmed_at) values (?, 'Dr Ada Okafor', 'ada@example.net', 'Professor', 'University of Lagos', 'NG', 'I support this letter.', ?, 'pending', ?, ?, ?)",
      campaignId,
      at,
      at,
      at,
      at,
    ).lastInsertRowid;
    const path = `/workspace/c/${SLUG}/support/${letter}`;
    expect((await staff(path, form({ intent: "approve" }))).status).toBe(302);
    const page = await read(await owner(path, form({ intent: "approve" })));
    expect(page.status).toBe(409);
    expect(page.text).toContain("Only a letter awaiting review can be approved. This one is “Approved”.");
    for (const words of never) expect(page.text).not.toContain(words);
  });
});

describe("500: a problem with the service, and nothing of it shown", () => {
  it("answers a page whose database table is gone with the service's apology and no error message", async () => {
    // A broken database is a real cause of a 500: this app's copy loses the table of recipients.
    // Each engine words it its own way.
    const gone = testPostgresUrl
      ? { message: 'relation \\"recipients\\" does not exist', type: "DatabaseError", drop: "drop table recipients cascade" }
      : { message: "no such table: recipients", type: "SqliteError", drop: "drop table recipients" };
    const broken = await startApp({}, { expectErrorLogs: [new RegExp(escapeRegExp(gone.message))] });
    try {
      execute(broken, gone.drop);
      const page = await read(await fetch(`${broken.url}/c/${openCampaign.slug}`));
      expect(page.status).toBe(500);
      expect(page.heading).toBe("Sorry, there is a problem with the service");
      expect(page.title).toBe("Sorry, there is a problem with the service – Undersigned");
      expect(page.text).toContain("Try again later.");
      expect(page.text).toContain("What you sent may not have been saved.");
      expect(page.links["See all campaigns"]).toBe("/");
      expect(page.html).not.toMatch(/no such table|does not exist|SqliteError|DatabaseError/);
      // The server logged what really happened, for whoever runs it.
      expect(broken.logs()).toMatch(new RegExp(`"level":50,.*"type":"${gone.type}","message":"${escapeRegExp(gone.message)}"`));
    } finally {
      await stopApp(broken);
    }
  });
});

describe("other refusals: the status's plain words", () => {
  it("answers a form sent in a way no form is sent (415)", async () => {
    const page = await read(await fetch(`${app.url}/sign-in`, { method: "POST", body: "email=a@example.org", headers: { "Content-Type": "text/plain" } }));
    expect(page.status).toBe(415);
    expect(page.heading).toBe("Sorry, this could not be done");
    expect(page.title).toBe("Sorry, this could not be done – Undersigned");
    expect(page.text).toContain("Go back and try again.");
    expect(page.text).not.toContain("application/x-www-form-urlencoded");
  });
});

/** The page alone, as an error boundary renders it for `error` (a thrown response's shape, or anything else). */
function render(error: unknown, place: ErrorPlace = "site", path = "/") {
  const html = renderToString(
    createElement(StaticRouter, { location: path }, createElement(I18nextProvider, { i18n: getI18n() }, createElement(ErrorPage, { error, place }))),
  );
  return { html, text: textOf(html), links: linksIn(html) };
}

/** What Remix hands an error boundary for a thrown response (`isRouteErrorResponse` is true of it). */
const thrown = (status: number, data: unknown = "") => ({ status, statusText: "", internal: false, data });

describe("the error page alone, for what no route can be made to answer on purpose", () => {
  it("409 from a domain error: its own sentence, and a link to try again on the page as it is now", () => {
    const { text, links } = render(thrown(409, { key: "supportAdmin.errors.changed", values: { state: "Approved" } }), "workspace", "/workspace/c/x/support/3?index");
    expect(text).toContain("This changed while you were looking at it");
    expect(text).toContain("Someone else decided on this letter meanwhile. It is now “Approved”; nothing was changed.");
    expect(links["Go back to the page to see it as it is now, and try again"]).toBe("/workspace/c/x/support/3");
    expect(links["Go to your campaigns"]).toBe("/workspace");
  });

  it("409 with no message: the general words", () => {
    const { text } = render(thrown(409, "Conflict"));
    expect(text).toContain("This changed while you were looking at it");
    expect(text).toContain("Someone else changed it first, or it can no longer be done. Your change was not made.");
    expect(text).not.toContain("Conflict");
  });

  it("403 on the public site: the sentence from the domain error, and the way home", () => {
    const { text, links } = render(thrown(403, { key: "access.forbidden.export", values: {} }));
    expect(text).toContain("You do not have permission to use this page");
    expect(text).toContain("Only staff can export a campaign's signature pack.");
    expect(links).toEqual({ "See all campaigns": "/" });
  });

  it("a message key nobody wrote yet falls back to the status's words rather than showing the key", () => {
    const { text } = render(thrown(404, { key: "notFound.somethingNew", values: {} }));
    expect(text).toContain("If you typed the web address, check it is correct.");
    expect(text).not.toContain("notFound.somethingNew");
  });

  it.each([
    [400, "Sorry, what you sent could not be read", "Go back, check what you entered and try again."],
    [413, "What you sent is too large", "Go back and send less: a shorter text or a smaller file."],
    [429, "Too many tries", "Wait a minute, then try again."],
    [405, "Sorry, this could not be done", "Go back and try again."],
  ])("%i: %s", (status, heading, sentence) => {
    const { text } = render(thrown(status, "A developer's note"));
    expect(text).toContain(heading);
    expect(text).toContain(sentence);
    expect(text).not.toContain("A developer's note");
  });

  it("500 from an Error: the apology, never the message or the stack, and the error logged", () => {
    const logged = vi.spyOn(console, "error").mockImplementationOnce(() => {});
    const error = new Error("SQLITE_CORRUPT: database disk image is malformed");
    const { text, html } = render(error);
    expect(logged).toHaveBeenCalledWith(error);
    expect(text).toContain("Sorry, there is a problem with the service");
    expect(text).toContain("Try again later. What you sent may not have been saved.");
    expect(html).not.toContain("SQLITE_CORRUPT");
    expect(html).not.toContain("error-pages.test");
  });
});
