import crypto from "node:crypto";
import type { ParsedMail } from "mailparser";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { addPack as addPackTo, campaignIdOf, eachTestWithStaff, zipOf } from "../helpers/delivery";
import { textOf } from "../helpers/http";
import { type Browser, campaignForm, form, signInAs } from "../helpers/session";
import type { Mailbox } from "../helpers/smtp";

let app: RunningApp;
let mailbox: Mailbox;
let staff: Browser;
eachTestWithStaff((started) => ({ app, mailbox, staff } = started));

const slug = "fair-care-now";
const page = `/workspace/c/${slug}/delivery`;
const jane = "jane.minister@gov.example";
const chris = "chris.copy@gov.example";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const today = () => new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });

const campaignId = (s = slug) => campaignIdOf(app, s);
const recipientId = (name: string, s = slug) =>
  query<{ id: number }>(app, "select id from recipients where name = ? and campaign_id = ?", name, campaignId(s))[0].id;

/** A copy recipient with an address, beside the fixture's Jane Minister (to, address) and Sam Leader (copy, none). */
function addCopyRecipient() {
  execute(
    app,
    "insert into recipients (campaign_id, position, name, title, email, role) values (?, 2, 'Chris Copy', 'Chair of the Care Committee', ?, 'cc')",
    campaignId(),
    chris,
  );
}

const addPack = (bytes: Buffer, s = slug) => addPackTo(app, s, bytes);

function send(recipients: number[], message = "Dear Minister,\n\nPlease find our letter enclosed.", s = slug) {
  const body = new URLSearchParams({ intent: "send", message });
  for (const id of recipients) body.append("recipients", String(id));
  return staff(`/workspace/c/${s}/delivery`, { method: "POST", body });
}

const downloadLink = (mail: ParsedMail) => {
  const link = mail.text?.match(/https?:\/\/\S+\/packs\/[\w-]{43}/)?.[0];
  if (!link) throw new Error(`No download link in:\n${mail.text}`);
  return link;
};

const deliveries = () =>
  query<{ recipient_name: string; method: string; outbox_id: number; status: string; message_id: string; download_token_hash: string; first_downloaded_at: string | null }>(
    app,
    "select d.recipient_name, d.method, d.outbox_id, o.status, o.message_id, d.download_token_hash, d.first_downloaded_at from deliveries d left join outbox o on o.id = d.outbox_id order by d.id",
  );

/** The mail deliveries sent (the staff member's sign-in mail is not one). */
const delivered = () => mailbox.messages.filter((m) => m.subject?.startsWith("Open letter:"));
const deliveryOutbox = (columns: string) => query<Record<string, unknown>>(app, `select ${columns} from outbox where template = 'pack-delivery'`);

async function waitForOutbox(status: string, count: number) {
  const deadline = Date.now() + 15_000;
  while (query<{ n: number }>(app, "select count(*) as n from outbox where template = 'pack-delivery' and status = ?", status)[0].n < count) {
    if (Date.now() > deadline) throw new Error(`outbox never reached ${count} ${status}`);
    await sleep(100);
  }
}

it("sends one mail per recipient with an address, with the message, an own link and the pack attached; the campaign is delivered", async () => {
  addCopyRecipient();
  const zip = await zipOf({ "manifest.json": '{"campaign":"fair-care-now"}', "signatures.csv": "id,name\n1,Ann Jones\n" });
  addPack(zip);

  const before = await staff(page);
  expect(before.status).toBe(200);
  const shown = textOf(await before.text());
  expect(shown).toContain(`Jane Minister, Minister for Care (addressed to): ${jane}`);
  expect(shown).toContain(`Chris Copy, Chair of the Care Committee (copy): ${chris}`);
  expect(shown).toContain("No email address, so deliver by hand or post: Sam Leader, Leader of the Opposition (copy)");
  expect(shown).toContain("Nothing has been delivered yet.");

  const message = "Dear Minister,\n\n<b>Care workers</b> & their families ask you to act.";
  const sent = await send([recipientId("Jane Minister"), recipientId("Chris Copy")], message);
  expect(sent.status).toBe(302);
  expect(sent.headers.get("location")).toBe(`${page}?done=sent`);

  const [toJane] = await mailbox.waitFor(1, jane);
  const [toChris] = await mailbox.waitFor(1, chris);
  await sleep(1000);
  expect(delivered()).toHaveLength(2);
  for (const mail of [toJane, toChris]) {
    expect(mail.subject).toBe("Open letter: Fair care now");
    expect(mail.text).toContain("<b>Care workers</b> & their families ask you to act.");
    expect(mail.html).toContain("&lt;b&gt;Care workers&lt;/b&gt; &amp; their families");
    expect(mail.html).not.toContain("<b>Care workers");
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0].filename).toBe("fair-care-now-pack.zip");
    expect(Buffer.compare(mail.attachments[0].content, zip)).toBe(0);
  }
  expect((Array.isArray(toJane.to) ? toJane.to[0] : toJane.to)?.text).toBe(jane);
  expect(downloadLink(toJane)).not.toBe(downloadLink(toChris));

  // Each link downloads the exact ZIP; only its hash is stored, and the first download is recorded.
  const download = await fetch(downloadLink(toJane));
  expect(download.status).toBe(200);
  expect(download.headers.get("content-type")).toBe("application/zip");
  expect(download.headers.get("content-disposition")).toBe('attachment; filename="fair-care-now-pack.zip"');
  expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), zip)).toBe(0);
  const token = downloadLink(toJane).split("/").at(-1)!;
  await waitForOutbox("sent", 2);
  const records = deliveries();
  expect(records.map((r) => [r.recipient_name, r.method, r.status])).toEqual([
    ["Jane Minister", "email", "sent"],
    ["Chris Copy", "email", "sent"],
  ]);
  expect(records[0].download_token_hash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
  expect(records[0].first_downloaded_at).not.toBeNull();
  expect(records[1].first_downloaded_at).toBeNull();
  expect(query(app, "select * from outbox where payload like ? or text_body like ? or html_body like ?", `%${token}%`, `%${token}%`, `%${token}%`)).toEqual([]);
  expect((await fetch(`${app.url}/packs/${"x".repeat(43)}`)).status).toBe(404);

  // The page shows each delivery sent, with the Message-ID the recipient's server received.
  const after = textOf(await (await staff(page)).text());
  expect(toJane.messageId).toBe(`<${records[0].message_id}>`);
  expect(after).toContain(`Sent on ${today()}`);
  expect(after).toContain(`Message-ID: ${records[0].message_id}`);
  expect(after).toContain(`Message-ID: ${records[1].message_id}`);
  expect(after).toContain("Pack first downloaded on");
  expect(after).toContain("Sam Leader, Leader of the Opposition (copy) Not delivered yet");

  expect(query(app, "select status from campaigns where slug = ?", slug)).toEqual([{ status: "delivered" }]);
  const audit = query<{ action: string; after: string }>(app, "select action, after from audit_log where campaign_id = ? order by id", campaignId());
  expect(audit.map((a) => a.action)).toEqual(["delivery.send", "campaign.status"]);
  expect(JSON.parse(audit[1].after)).toEqual({ status: "delivered" });

  const publicPage = textOf(await (await fetch(`${app.url}/c/${slug}`)).text());
  expect(publicPage).toContain(
    `Delivered on ${today()} to Jane Minister, Minister for Care, with copies to Chris Copy, Chair of the Care Committee.`,
  );
  expect(publicPage).not.toContain(jane);

  // A second click sends nothing twice.
  const again = await send([recipientId("Jane Minister")]);
  expect(again.status).toBe(409);
  expect(textOf(await again.text())).toContain("The pack is already on its way to Jane Minister, Minister for Care, or has reached them.");
  await sleep(1000);
  expect(delivered()).toHaveLength(2);
  expect(deliveries()).toHaveLength(2);
});

it("sends a pack over 10 MB by link only, and the link downloads it whole", async () => {
  const big = crypto.randomBytes(10 * 1024 * 1024 + 1);
  addPack(big, "old-letter");
  expect(textOf(await (await staff("/workspace/c/old-letter/delivery")).text())).toContain("It is larger than 10 MB, so each email carries a download link only.");
  expect((await send([recipientId("Jane Minister", "old-letter")], "Dear Minister,\n\nOur letter.", "old-letter")).status).toBe(302);
  const [mail] = await mailbox.waitFor(1, jane);
  expect(mail.attachments).toHaveLength(0);
  expect(mail.text).toContain("The signature pack (10.0 MB) is too large to attach");
  const download = await fetch(downloadLink(mail));
  expect(download.headers.get("content-length")).toBe(String(big.length));
  const bytes = Buffer.from(await download.arrayBuffer());
  expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(crypto.createHash("sha256").update(big).digest("hex"));
  expect(query(app, "select status from campaigns where slug = 'old-letter'")).toEqual([{ status: "delivered" }]);
});

it("loses nothing while the mail server is down and sends each delivery once when it is back", async () => {
  addCopyRecipient();
  addPack(await zipOf({ "manifest.json": "{}" }));
  await mailbox.down();
  expect((await send([recipientId("Jane Minister"), recipientId("Chris Copy")])).status).toBe(302);
  await sleep(2500);
  const waiting = deliveryOutbox("status, attempts");
  expect(waiting).toHaveLength(2);
  for (const row of waiting) {
    expect(row.status).toBe("pending");
    expect(row.attempts).toBeGreaterThan(0);
  }
  const meanwhile = textOf(await (await staff(page)).text());
  expect(meanwhile).toContain("Waiting to send");
  expect(meanwhile).toContain("The mail server could not be reached; trying again.");

  await mailbox.up();
  await mailbox.waitFor(1, jane, 20_000);
  await mailbox.waitFor(1, chris, 20_000);
  await sleep(2000);
  expect(delivered()).toHaveLength(2);
  const ids = delivered().map((m) => m.messageId).sort();
  expect(ids).toEqual(deliveries().map((d) => `<${d.message_id}>`).sort());
  expect(new Set(ids).size).toBe(2);
  expect(deliveries().map((d) => d.status)).toEqual(["sent", "sent"]);
}, 60_000); // the retries back off (1 s, 2 s, 4 s …) while the server is down

it("shows a delivery the mail server refused as failed, and sends it again", async () => {
  addPack(await zipOf({ "manifest.json": "{}" }));
  mailbox.rejecting.add(jane);
  expect((await send([recipientId("Jane Minister")])).status).toBe(302);
  await waitForOutbox("failed", 1);
  const failed = textOf(await (await staff(page)).text());
  expect(failed).toContain("Failed The mail server refused it:");
  expect(failed).toContain("Send again");
  const [first] = deliveries();

  mailbox.rejecting.delete(jane);
  const resent = await staff(page, form({ intent: "resend", deliveryId: String(query<{ id: number }>(app, "select id from deliveries")[0].id) }));
  expect(resent.status).toBe(302);
  expect(resent.headers.get("location")).toBe(`${page}?done=resent`);
  const [mail] = await mailbox.waitFor(1, jane);
  await waitForOutbox("sent", 1);
  const [now] = deliveries();
  expect(now.outbox_id).not.toBe(first.outbox_id);
  expect(now.status).toBe("sent");
  expect(mail.messageId).toBe(`<${now.message_id}>`);
  expect(mail.text).toContain("Please find our letter enclosed.");
  expect((await fetch(downloadLink(mail))).status).toBe(200);
  const shown = textOf(await (await staff(page)).text());
  expect(shown).toContain(`Sent on ${today()}`);
  expect(shown).not.toContain("Send again");

  // Only a failed one can be sent again.
  const twice = await staff(page, form({ intent: "resend", deliveryId: String(query<{ id: number }>(app, "select id from deliveries")[0].id) }));
  expect(twice.status).toBe(409);
  expect(textOf(await twice.text())).toContain("Only a failed email can be sent again.");
  expect(deliveryOutbox("id")).toHaveLength(2);
});

it("records deliveries by hand or post, checks what is typed, and shows them on the page and the public page", async () => {
  addPack(await zipOf({ "manifest.json": "{}" }));
  const empty = await staff(page, form({ intent: "record" }));
  expect(empty.status).toBe(400);
  const problems = textOf(await empty.text());
  for (const message of ["Choose who it was delivered to", "Choose how it was delivered", "Enter the date it was delivered", "Enter who delivered it"]) {
    expect(problems).toContain(message);
  }
  const future = await staff(
    page,
    form({ intent: "record", recipientId: String(recipientId("Sam Leader")), method: "post", deliveredOn: "2999-01-01", deliveredBy: "Ann Courier" }),
  );
  expect(future.status).toBe(400);
  expect(textOf(await future.text())).toContain("The date must be today or in the past");
  expect(query(app, "select count(*) as n from deliveries")).toEqual([{ n: 0 }]);

  const recorded = await staff(
    page,
    form({
      intent: "record",
      recipientId: String(recipientId("Sam Leader")),
      method: "post",
      deliveredOn: "2026-11-02",
      deliveredBy: "Ann <Courier>",
      note: "Recorded delivery, tracking AB123456789GB",
    }),
  );
  expect(recorded.status).toBe(302);
  const byHand = await staff(
    page,
    form({ intent: "record", recipientId: String(recipientId("Jane Minister")), method: "hand", deliveredOn: "2026-11-03", deliveredBy: "Bob Jones" }),
  );
  expect(byHand.status).toBe(302);
  const html = await (await staff(page)).text();
  expect(html).toContain("Ann &lt;Courier&gt;");
  const shown = textOf(html);
  expect(shown).toContain("By post Delivered On 2 November 2026, by Ann &lt;Courier&gt; Recorded delivery, tracking AB123456789GB");
  expect(shown).toContain("By hand Delivered On 3 November 2026, by Bob Jones");
  expect(query(app, "select status from campaigns where slug = ?", slug)).toEqual([{ status: "delivered" }]);
  expect(textOf(await (await fetch(`${app.url}/c/${slug}`)).text())).toContain(
    "Delivered on 2 November 2026 to Jane Minister, Minister for Care, with copies to Sam Leader, Leader of the Opposition.",
  );
  expect(delivered()).toHaveLength(0);
  expect(deliveryOutbox("id")).toHaveLength(0);
});

it("says plainly that there is no pack yet, sends nothing without one, and checks the message and recipients", async () => {
  const shown = await (await staff(page)).text();
  expect(textOf(shown)).toContain("There is no signature pack to deliver yet. Export a signature pack first");
  expect(shown).toContain(`href="/workspace/c/${slug}/pack"`);
  const refused = await send([recipientId("Jane Minister")]);
  expect(refused.status).toBe(409);
  expect(textOf(await refused.text())).toContain("There is no signature pack to deliver. Export one first.");
  addPack(await zipOf({ "manifest.json": "{}" }));
  const empty = await send([], "");
  expect(empty.status).toBe(400);
  const problems = textOf(await empty.text());
  expect(problems).toContain("Enter a covering message");
  expect(problems).toContain("Choose at least one recipient");
  const tooLong = await send([recipientId("Jane Minister")], "x".repeat(10_001));
  expect(textOf(await tooLong.text())).toContain("The covering message must be 10,000 characters or fewer");
  expect(query(app, "select count(*) as n from deliveries")).toEqual([{ n: 0 }]);
  expect(query(app, "select status from campaigns where slug = ?", slug)).toEqual([{ status: "open" }]);
});

it("lets only staff deliver: a campaigner gets 403 on their own campaign and 404 on another's, and nothing changes", async () => {
  addPack(await zipOf({ "manifest.json": "{}" }));
  const owner = await signInAs(app, "owner@example.org", "campaigner");
  const created = await owner(
    "/workspace/new",
    campaignForm({
      title: "Own letter",
      slug: "own-letter",
      summary: "A letter of the owner's own.",
      body: "Dear Minister,\n\nPlease listen.",
      "recipients[0].email": "ada@gov.example",
    }),
  );
  expect(created.status).toBe(302);
  const own = recipientId("Ada Minister", "own-letter");
  const attempts = [
    ["own-letter", "/delivery", 403],
    ["own-letter", "/responses", 403],
    [slug, "/delivery", 404],
    [slug, "/responses", 404],
  ] as const;
  for (const [s, sub, status] of attempts) {
    expect((await owner(`/workspace/c/${s}${sub}`)).status).toBe(status);
    const body = new URLSearchParams({ intent: "send", message: "Hello", recipients: String(s === slug ? recipientId("Jane Minister") : own) });
    expect((await owner(`/workspace/c/${s}${sub}`, { method: "POST", body })).status).toBe(status);
  }
  expect((await owner(`/workspace/c/own-letter/delivery`, form({ intent: "record", recipientId: String(own), method: "hand", deliveredOn: "2026-11-01", deliveredBy: "Me" }))).status).toBe(403);
  expect((await owner(`/workspace/c/own-letter/delivery`, form({ intent: "resend", deliveryId: "1" }))).status).toBe(403);
  expect(textOf(await (await owner("/workspace/c/own-letter")).text())).not.toContain("Delivery");
  expect(textOf(await (await staff(`/workspace/c/${slug}`)).text())).toContain("Delivery");
  expect(query(app, "select count(*) as n from deliveries")).toEqual([{ n: 0 }]);
  expect(query(app, "select count(*) as n from responses")).toEqual([{ n: 0 }]);
  expect(query(app, "select count(*) as n from outbox where template = 'pack-delivery'")).toEqual([{ n: 0 }]);
  expect(query<{ status: string }>(app, "select status from campaigns where slug in ('own-letter', ?) order by slug", slug)).toEqual([
    { status: "open" },
    { status: "draft" },
  ]);
});
