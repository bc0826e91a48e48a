import fs from "node:fs";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { addSigner as addSignerTo, campaignIdOf, eachTestWithStaff } from "../helpers/delivery";
import { textOf } from "../helpers/http";
import { htmlFile, oversizePdf, pdfFile, pngFile } from "../helpers/pdf";
import type { Browser } from "../helpers/session";
import type { Mailbox } from "../helpers/smtp";

let app: RunningApp;
let mailbox: Mailbox;
let staff: Browser;
eachTestWithStaff((started) => ({ app, mailbox, staff } = started));

const slug = "fair-care-now";
const page = `/workspace/c/${slug}/responses`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const campaignId = () => campaignIdOf(app, slug);
const janeId = () => query<{ id: number }>(app, "select id from recipients where name = 'Jane Minister' and campaign_id = ?", campaignId())[0].id;

const addSigner = (email: string, options?: Parameters<typeof addSignerTo>[3]) => addSignerTo(app, slug, email, options);

const pdf = pdfFile("Reply from the Minister");

function respond(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  if (file) body.append("pdf", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return staff(page, { method: "POST", body });
}

/** The response mails that have arrived (the staff member's sign-in mail is not one). */
const responseMails = () => mailbox.messages.filter((m) => m.subject?.startsWith("A response to"));
const addressee = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text;

async function waitForResponses(count: number) {
  const deadline = Date.now() + 20_000;
  while (responseMails().length < count) {
    if (Date.now() > deadline) throw new Error(`Expected ${count} response mails, got ${responseMails().length}`);
    await sleep(50);
  }
  await sleep(1500); // and no more come
  return responseMails();
}

const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.slice(name.length + 1).trim();
const uploads = () => (fs.existsSync(path.join(app.dataDir, "uploads")) ? fs.readdirSync(path.join(app.dataDir, "uploads")) : []);

it("publishes a response on the campaign page and mails it once to each signer who asked for news, with one-click unsubscribe", async () => {
  addSigner("ann@example.org");
  addSigner("bob@example.org");
  addSigner("quiet@example.org", { news: false });
  addSigner("unconfirmed@example.org", { verified: false });
  addSigner("invalid@example.org", { invalidated: true });

  const recorded = await respond(
    { recipientId: String(janeId()), receivedOn: "2026-11-20", body: "Thank you for your letter.\n\n<script>alert(1)</script>\n\n**We will review care pay.**" },
    { name: "reply.pdf", type: "application/pdf", bytes: pdf },
  );
  expect(recorded.status).toBe(302);
  expect(recorded.headers.get("location")).toBe(`${page}?done=recorded`);

  const html = await (await fetch(`${app.url}/c/${slug}`)).text();
  const shown = textOf(html);
  expect(shown).toContain("Response From Jane Minister, Minister for Care, received on 20 November 2026 Thank you for your letter.");
  expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  expect(html).not.toContain("<script>alert");
  expect(html).toContain("<strong>We will review care pay.</strong>");
  const pdfPath = html.match(/href="(\/c\/fair-care-now\/responses\/\d+\/response\.pdf)"/)?.[1];
  const served = await fetch(`${app.url}${pdfPath}`);
  expect(served.headers.get("content-type")).toBe("application/pdf");
  expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), pdf)).toBe(0);

  const mails = await waitForResponses(2);
  expect(mails.map(addressee).sort()).toEqual(["ann@example.org", "bob@example.org"]);
  for (const mail of mails) {
    expect(mail.subject).toBe("A response to “Fair care now”");
    expect(mail.text).toContain("Jane Minister, Minister for Care has responded to the open letter “Fair care now”, which you signed.");
    expect(mail.html).not.toContain("<script>alert");
    expect(header(mail, "list-unsubscribe")).toMatch(/^<http:\/\/localhost:\d+\/unsubscribe\/\d+-[\w-]{43}>$/);
    expect(header(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  }
  expect(query(app, "select mailing_status, mailed_count from responses")).toEqual([{ mailing_status: "done", mailed_count: 2 }]);
  expect(query(app, "select count(*) as n from outbox where headers is not null")).toEqual([{ n: 0 }]); // cleared once sent

  // Opening the link changes nothing (a mail scanner may); the one-click POST unsubscribes without a page.
  const ann = mails.find((m) => addressee(m) === "ann@example.org")!;
  const annLink = header(ann, "list-unsubscribe")!.slice(1, -1);
  const opened = await fetch(annLink);
  expect(opened.status).toBe(200);
  expect(textOf(await opened.text())).toContain("Stop emails about this campaign");
  expect(query(app, "select wants_updates from signatures where email = 'ann@example.org'")).toEqual([{ wants_updates: 1 }]);
  const oneClick = await fetch(annLink, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
    redirect: "manual",
  });
  expect(oneClick.status).toBe(200);
  expect(query(app, "select wants_updates from signatures where email = 'ann@example.org'")).toEqual([{ wants_updates: 0 }]);
  expect(textOf(await (await fetch(annLink)).text())).toContain("You will get no more emails about this campaign");
  const forged = annLink.replace(/\/unsubscribe\/\d+-/, `/unsubscribe/${query<{ id: number }>(app, "select id from signatures where email = 'bob@example.org'")[0].id}-`);
  expect((await fetch(forged, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" })).status).toBe(404);
  expect(query(app, "select wants_updates from signatures where email = 'bob@example.org'")).toEqual([{ wants_updates: 1 }]);

  // A second response goes only to who still wants news.
  expect((await respond({ recipientId: String(janeId()), receivedOn: "2026-11-21", body: "A further reply." })).status).toBe(302);
  const all = await waitForResponses(3);
  expect(all).toHaveLength(3);
  expect(addressee(all[2])).toBe("bob@example.org");
  expect(textOf(await (await staff(page)).text())).toContain("Queued for 1 signer");
});

it("checks every field and the PDF by its content, and stores nothing from a bad submission", async () => {
  const empty = await respond({ recipientId: "", receivedOn: "", body: "" });
  expect(empty.status).toBe(400);
  const problems = textOf(await empty.text());
  for (const message of ["Choose who the response is from", "Enter the date the response was received", "Enter the text of the response"]) {
    expect(problems).toContain(message);
  }
  const valid = { recipientId: String(janeId()), receivedOn: "2026-11-20", body: "Thank you." };
  const cases = [
    { file: { name: "reply.pdf", type: "application/pdf", bytes: pngFile() }, message: "The selected file must be a PDF" },
    { file: { name: "reply.pdf", type: "application/pdf", bytes: htmlFile() }, message: "The selected file must be a PDF" },
    { file: { name: "reply.pdf", type: "application/pdf", bytes: Buffer.alloc(0) }, message: "The selected file is empty" },
    { file: { name: "reply.pdf", type: "application/pdf", bytes: oversizePdf() }, message: "The PDF must be 10 MB or smaller" },
  ];
  for (const { file, message } of cases) {
    const refused = await respond(valid, file);
    expect(refused.status).toBe(400);
    const body = textOf(await refused.text());
    expect(body).toContain(message);
    expect(body).toContain("Thank you."); // what was typed is kept
  }
  const future = await respond({ ...valid, receivedOn: "2999-12-31" });
  expect(textOf(await future.text())).toContain("The date must be today or in the past");
  const tooLong = await respond({ ...valid, body: "x".repeat(20_001) });
  expect(textOf(await tooLong.text())).toContain("The response must be 20,000 characters or fewer");
  expect(query(app, "select count(*) as n from responses")).toEqual([{ n: 0 }]);
  expect(uploads()).toEqual([]);
});

it("resumes a mailing stopped between batches without mailing anyone twice", async () => {
  for (let n = 1; n <= 5; n++) addSigner(`signer${n}@example.org`);
  await app.stop();
  await mailbox.down();
  const at = new Date().toISOString();
  const staffId = query<{ id: number }>(app, "select id from users where email = 'staff@example.org'")[0].id;
  execute(
    app,
    `insert into responses (campaign_id, recipient_id, from_name, from_title, received_on, body, created_by, created_at, mailing_status)
     values (?, ?, 'Jane Minister', 'Minister for Care', '2026-11-20', 'Thank you.', ?, ?, 'mailing')`,
    campaignId(),
    janeId(),
    staffId,
    at,
  );
  const responseId = query<{ id: number }>(app, "select id from responses")[0].id;

  // The worker's own batch, in this process, against the app's database: then it "crashes".
  process.env.DATA_DIR = app.dataDir;
  process.env.DATABASE_URL = app.databaseUrl;
  process.env.PUBLIC_URL = app.url;
  process.env.LOG_LEVEL = "silent";
  const { queueResponseMailBatch } = await import("~/services/responses.server");
  const { db } = await import("~/utils/db.server");
  expect(await queueResponseMailBatch({ responseId, batchSize: 2 })).toEqual({ queued: 2, done: false });
  await db.destroy();
  expect(query(app, "select mailing_status, mailed_count from responses")).toEqual([{ mailing_status: "mailing", mailed_count: 2 }]);

  // The next start picks the mailing up where its cursor is.
  await mailbox.up();
  await app.restart();
  const mails = await waitForResponses(5);
  expect(mails.map(addressee).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `signer${n}@example.org`));
  expect(query(app, "select mailing_status, mailed_count from responses")).toEqual([{ mailing_status: "done", mailed_count: 5 }]);
  expect(app.logs()).toContain("Mailing responses left unfinished by a stopped process");
});
