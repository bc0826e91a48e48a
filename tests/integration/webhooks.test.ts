import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { query } from "../helpers/db";
import { addPack, zipOf } from "../helpers/delivery";
import { postSignature, textOf, validSignature } from "../helpers/http";
import { type Browser, campaignForm, form, signInAs } from "../helpers/session";
import { type Mailbox, startMailbox, verifyLink } from "../helpers/smtp";

// Webhooks (issue 18 point 6): added on the workspace page, told of events by the real flows,
// signed, retried, and never pointed at a private address. A real HTTP receiver runs here on
// 127.0.0.1; the app may reach it only because WEBHOOK_ALLOW_HOSTS names it.

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

const SLUG = "webhook-letter";
const page = `/workspace/c/${SLUG}/webhooks`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let app: RunningApp;
let mailbox: Mailbox;
let receiver: http.Server;
let allowHost: string;
let owner: Browser;
let other: Browser;
let staff: Browser;
const received: Received[] = [];
/** Statuses to answer on a path, in order; 200 once they run out. */
const script = new Map<string, number[]>();
/** Requests to /hang, held without an answer until a test lets them go. */
const hanging: http.ServerResponse[] = [];

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      if (path === "/hang") return hanging.push(response);
      const status = script.get(path)?.shift() ?? 200;
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), status });
      response.writeHead(status, { "Content-Type": "text/plain" }).end(status === 200 ? "ok" : "receiver broke");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  allowHost = `127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  mailbox = await startMailbox();
  app = await startApp({ SMTP_URL: mailbox.url, WEBHOOK_ALLOW_HOSTS: allowHost });
  [owner, other, staff] = await Promise.all([
    signInAs(app, "owner@example.org", "campaigner"),
    signInAs(app, "other@example.org", "campaigner"),
    signInAs(app, "staff@example.org", "staff"),
  ]);
  await owner("/workspace/new", campaignForm({ title: "A letter with webhooks", slug: SLUG }));
  expect((await owner(`/workspace/c/${SLUG}`, form({ action: "publish" }))).status).toBe(302);
}, 60_000);

afterAll(async () => {
  try {
    await stopApp(app);
  } finally {
    await mailbox?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  }
});

/** The add form as a browser sends it: several `events` boxes ticked. */
function addForm(url: string, events: string[], extra: Record<string, string> = {}) {
  const body = new URLSearchParams({ intent: "add", url, ...extra });
  for (const event of events) body.append("events", event);
  return { method: "POST", body };
}

/** Adds a webhook as `who`; returns the secret the page shows once. */
async function addWebhook(who: Browser, path: string, events: string[], extra: Record<string, string> = {}) {
  const response = await who(page, addForm(`http://${allowHost}${path}`, events, extra));
  expect(response.status).toBe(200);
  const html = await response.text();
  const secret = html.match(/<code class="webhook-secret">([0-9a-f]{64})<\/code>/)?.[1];
  if (!secret) throw new Error(`no secret in:\n${textOf(html)}`);
  return secret;
}

async function waitForReceived(predicate: (r: Received) => boolean, count = 1, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (received.filter(predicate).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} deliveries, got ${received.filter(predicate).length}`);
    await sleep(50);
  }
  return received.filter(predicate);
}

/** Signs through the real form and opens the confirmation link from the mail. */
async function signAndVerify(email: string, { name, showName = true }: { name: string; showName?: boolean }) {
  const fields: Record<string, string> = { ...validSignature, name, email };
  if (!showName) delete fields.showName;
  const signed = await postSignature(app, SLUG, fields);
  expect(signed.status).toBe(302);
  const [mail] = await mailbox.waitFor(1, email);
  expect((await fetch(verifyLink(mail))).status).toBe(200);
}

const eventOf = (r: Received) => (JSON.parse(r.body) as { event: string }).event;
const webhookRows = () => query<{ url: string; include_emails: number }>(app, "select url, include_emails from webhooks order by id");

function expectSigned(delivery: Received, secret: string) {
  const timestamp = Number(delivery.headers["x-undersigned-timestamp"]);
  expect(Math.abs(Date.now() / 1000 - timestamp)).toBeLessThan(60);
  const expected = `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${delivery.body}`).digest("hex")}`;
  expect(delivery.headers["x-undersigned-signature"]).toBe(expected);
  expect(delivery.headers["content-type"]).toBe("application/json");
  const body = JSON.parse(delivery.body) as { id: string; event: string };
  expect(delivery.headers["x-undersigned-delivery"]).toBe(body.id);
  expect(delivery.headers["x-undersigned-event"]).toBe(body.event);
}

describe("adding webhooks", () => {
  it("refuses loopback, private, link-local and (in production) plain-http addresses, with a clear message and no row", async () => {
    const port = allowHost.split(":")[1];
    const refused: [string, string][] = [
      [`http://localhost:${port}/hook`, "That address points to a private, local or internal network."],
      ["http://10.0.0.1/", "That address points to a private, local or internal network."],
      ["https://169.254.169.254/latest/meta-data", "That address points to a private, local or internal network."],
      ["https://[::1]/", "That address points to a private, local or internal network."],
      ["https://[::ffff:127.0.0.1]/", "That address points to a private, local or internal network."],
      ["https://100.64.0.1/", "That address points to a private, local or internal network."],
      ["http://93.184.216.34/hook", "The address must start with https://"],
      ["https://user:pass@93.184.216.34/hook", "Leave the user name and password out of the address"],
      ["ftp://example.org/", "Enter a web address, like https://crm.example.org/hooks/undersigned"],
    ];
    for (const [url, message] of refused) {
      const response = await owner(page, addForm(url, ["signature.verified"]));
      expect({ url, status: response.status }).toEqual({ url, status: 400 });
      expect(textOf(await response.text())).toContain(message);
    }
    const none = await owner(page, addForm(`http://${allowHost}/x`, []));
    expect(none.status).toBe(400);
    expect(textOf(await none.text())).toContain("Choose at least one event");
    expect(webhookRows()).toEqual([]);
  });

  it("is for the campaign's team and staff: another campaigner gets 404, and only staff may include emails", async () => {
    expect((await other(page)).status).toBe(404);
    expect((await other(page, addForm(`http://${allowHost}/other`, ["signature.verified"]))).status).toBe(404);

    const ownerPage = await (await owner(page)).text();
    expect(ownerPage).not.toContain('name="includeEmails"');
    expect(await (await staff(page)).text()).toContain('name="includeEmails"');
    expect(textOf(ownerPage)).toContain("Webhooks");
    expect(ownerPage).toContain(`href="/workspace/c/${SLUG}/webhooks"`);
  });
});

describe("deliveries", () => {
  let ownerSecret: string;
  let staffSecret: string;

  it("tells the owner's webhook of a verified signature, signed, without the email or a hidden name; the secret is shown once", async () => {
    // A forged includeEmails from a campaigner is ignored.
    ownerSecret = await addWebhook(owner, "/owner", ["signature.verified", "campaign.delivered", "response.published"], { includeEmails: "on" });
    expect(webhookRows()).toEqual([{ url: `http://${allowHost}/owner`, include_emails: 0 }]);
    const audit = query<{ action: string; after: string }>(app, "select action, after from audit_log where action = 'webhook.create'");
    expect(audit).toHaveLength(1);
    expect(audit[0].after).not.toContain(ownerSecret);
    const again = await (await owner(page)).text();
    expect(again).not.toContain(ownerSecret);
    expect(again).toContain(`http://${allowHost}/owner`);

    // Signed without showing the name.
    await signAndVerify("hidden@example.org", { name: "Hidden Person", showName: false });
    const [delivery] = await waitForReceived((r) => r.path === "/owner" && eventOf(r) === "signature.verified");
    expectSigned(delivery, ownerSecret);
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({
      event: "signature.verified",
      campaign: { slug: SLUG, title: "A letter with webhooks", url: `${app.url}/c/${SLUG}` },
      data: { signature: { signerType: "individual", name: null, language: "en", source: "online" } },
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(body.createdAt)).not.toBeNaN();
    expect(Date.parse(body.data.signature.verifiedAt)).not.toBeNaN();
    expect(delivery.body).not.toContain("hidden@example.org");
    expect(delivery.body).not.toContain("Hidden Person");
    expect(delivery.body).not.toContain("127.0.0.1");
    expect(body.data.signature).not.toHaveProperty("email");

    // A shown name is told.
    await signAndVerify("shown@example.org", { name: "Shown Person" });
    const [shown] = await waitForReceived((r) => r.path === "/owner" && r.body.includes("Shown Person"));
    expect(JSON.parse(shown.body).data.signature.name).toBe("Shown Person");
    expect(shown.body).not.toContain("shown@example.org");

    // The page shows each delivery.
    await sleep(300);
    const shownPage = textOf(await (await owner(page)).text());
    expect(shownPage).toContain("A signature is confirmed 1 Delivered (HTTP 200)");
  });

  it("retries after a 500: three attempts recorded and shown, delivered once", async () => {
    script.set("/owner", [500, 500]);
    const before = received.length;
    await signAndVerify("retry@example.org", { name: "Retry Person" });
    const tries = await waitForReceived((r) => r.path === "/owner" && r.body.includes("Retry Person"), 3);
    expect(tries.map((r) => r.status)).toEqual([500, 500, 200]);
    // The same delivery each time, signed afresh each time.
    expect(new Set(tries.map((r) => r.headers["x-undersigned-delivery"])).size).toBe(1);
    for (const attempt of tries) expectSigned(attempt, ownerSecret);
    await sleep(1_500);
    expect(received.slice(before).filter((r) => r.body.includes("Retry Person"))).toHaveLength(3);
    const deliveryId = tries[0].headers["x-undersigned-delivery"];
    expect(query(app, "select attempt, status_code, delivered from webhook_attempts where delivery_id = ? order by id", deliveryId)).toEqual([
      { attempt: 1, status_code: 500, delivered: 0 },
      { attempt: 2, status_code: 500, delivered: 0 },
      { attempt: 3, status_code: 200, delivered: 1 },
    ]);
    expect(query(app, "select status, attempts from outbox where message_id = ?", deliveryId)).toEqual([{ status: "sent", attempts: 2 }]);
    const shown = textOf(await (await owner(page)).text());
    expect(shown).toContain("A signature is confirmed 3 Delivered (HTTP 200)");
    expect(shown).toContain("A signature is confirmed 2 Not delivered (HTTP 500) HTTP 500: receiver broke");
    expect(shown).toContain("A signature is confirmed 1 Not delivered (HTTP 500)");
    // A dead receiver never makes the app unready: /readyz counts mail only.
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  });

  it("staff may include signers' emails, and then the payload carries the email", async () => {
    staffSecret = await addWebhook(staff, "/staff", ["signature.verified"], { includeEmails: "on" });
    expect(webhookRows().at(-1)).toEqual({ url: `http://${allowHost}/staff`, include_emails: 1 });
    expect(textOf(await (await staff(page)).text())).toContain("Includes signers' emails");
    await signAndVerify("told@example.org", { name: "Told Person", showName: false });
    const [delivery] = await waitForReceived((r) => r.path === "/staff" && r.body.includes("told@example.org"));
    expectSigned(delivery, staffSecret);
    expect(JSON.parse(delivery.body).data.signature).toMatchObject({ email: "told@example.org", name: null });
    // The owner's webhook, made without, is told the same event without it.
    const signatureId = query<{ id: number }>(app, "select id from signatures where email = 'told@example.org'")[0].id;
    const [owners] = await waitForReceived((r) => r.path === "/owner" && JSON.parse(r.body).data.signature?.id === signatureId);
    expect(owners.body).not.toContain("told@example.org");
  });

  it("gives a webhook a new secret, shown once and audited; deliveries are signed with it from then on", async () => {
    const id = query<{ id: number }>(app, "select id from webhooks where url like '%/owner'")[0].id;
    const rotated = await owner(page, form({ intent: "rotate", webhookId: String(id) }));
    expect(rotated.status).toBe(200);
    const html = await rotated.text();
    const secret = html.match(/<code class="webhook-secret">([0-9a-f]{64})<\/code>/)?.[1];
    expect(secret).toBeDefined();
    expect(secret).not.toBe(ownerSecret);
    expect(textOf(html)).toContain(`New secret for http://${allowHost}/owner`);
    expect(query(app, "select count(*) as n from audit_log where action = 'webhook.rotate' and after not like ?", `%${secret}%`)).toEqual([{ n: 1 }]);
    expect(await (await owner(page)).text()).not.toContain(secret!);
    ownerSecret = secret!;
  });

  it("tells campaign.delivered and response.published from the delivery and response flows", async () => {
    addPack(app, SLUG, await zipOf({ "manifest.json": "{}" }));
    const recipientId = query<{ id: number }>(app, "select r.id from recipients r join campaigns c on c.id = r.campaign_id where c.slug = ?", SLUG)[0].id;
    const recorded = await staff(
      `/workspace/c/${SLUG}/delivery`,
      form({ intent: "record", recipientId: String(recipientId), method: "hand", deliveredOn: "2026-11-03", deliveredBy: "Bob Jones" }),
    );
    expect(recorded.status).toBe(302);
    const [delivered] = await waitForReceived((r) => r.path === "/owner" && eventOf(r) === "campaign.delivered");
    expectSigned(delivered, ownerSecret);
    expect(JSON.parse(delivered.body)).toMatchObject({ event: "campaign.delivered", campaign: { slug: SLUG }, data: { deliveredAt: expect.any(String) } });

    const body = new FormData();
    for (const [name, value] of Object.entries({ recipientId: String(recipientId), receivedOn: "2026-11-20", body: "Thank you for your letter." })) body.append(name, value);
    const responded = await staff(`/workspace/c/${SLUG}/responses`, { method: "POST", body });
    expect(responded.status).toBe(302);
    const [published] = await waitForReceived((r) => r.path === "/owner" && eventOf(r) === "response.published");
    expectSigned(published, ownerSecret);
    expect(JSON.parse(published.body)).toMatchObject({ event: "response.published", data: { response: { fromName: "Ada Minister", receivedOn: "2026-11-20" } } });
    // The staff webhook asked for signatures only.
    expect(received.filter((r) => r.path === "/staff" && eventOf(r) !== "signature.verified")).toEqual([]);
  });

  it("deletes a webhook (audited) with its queued deliveries", async () => {
    const id = query<{ id: number }>(app, "select id from webhooks where url like '%/staff'")[0].id;
    const deleted = await owner(page, form({ intent: "delete", webhookId: String(id) }));
    expect(deleted.status).toBe(302);
    expect(webhookRows().map((w) => w.url)).toEqual([`http://${allowHost}/owner`]);
    expect(query(app, "select count(*) as n from audit_log where action = 'webhook.delete'")).toEqual([{ n: 1 }]);
    expect(query(app, "select count(*) as n from webhook_attempts where webhook_id = ?", id)).toEqual([{ n: 0 }]);
    // Another campaigner cannot delete the one left.
    const left = query<{ id: number }>(app, "select id from webhooks")[0].id;
    expect((await other(page, form({ intent: "delete", webhookId: String(left) }))).status).toBe(404);
  });

  it("refuses at delivery time an address no longer allowed, and records why", async () => {
    await app.stop();
    await app.restart({ WEBHOOK_ALLOW_HOSTS: "" });
    const before = received.length;
    // The campaign is delivered, so no one signs now: a second response is the event.
    const recipientId = query<{ id: number }>(app, "select r.id from recipients r join campaigns c on c.id = r.campaign_id where c.slug = ?", SLUG)[0].id;
    const body = new FormData();
    for (const [name, value] of Object.entries({ recipientId: String(recipientId), receivedOn: "2026-11-21", body: "A second reply." })) body.append(name, value);
    expect((await staff(`/workspace/c/${SLUG}/responses`, { method: "POST", body })).status).toBe(302);
    const deadline = Date.now() + 15_000;
    let rows: { status_code: number | null; error: string | null; delivered: number }[] = [];
    while (Date.now() < deadline) {
      rows = query(app, "select status_code, error, delivered from webhook_attempts where error like 'refused%'");
      if (rows.length) break;
      await sleep(100);
    }
    expect(rows).toEqual([{ status_code: null, error: "refused: private: 127.0.0.1", delivered: 0 }]);
    await sleep(1_000);
    expect(received.slice(before)).toEqual([]);
    expect(query(app, "select status from outbox where webhook_id is not null and last_error like 'refused%'")).toEqual([{ status: "failed" }]);
    expect(textOf(await (await owner(page)).text())).toContain("A response is published 1 Not delivered refused: private: 127.0.0.1");
  });
});

describe("a receiver that never answers", () => {
  it("holds up no mail: the next signer's mail comes while its delivery still waits", async () => {
    // The test before restarted the app without the allow-list: back as it was started.
    await app.stop();
    await app.restart();
    const slug = "webhook-hang";
    await owner("/workspace/new", campaignForm({ title: "A letter told to a slow receiver", slug }));
    expect((await owner(`/workspace/c/${slug}`, form({ action: "publish" }))).status).toBe(302);
    const response = await owner(`/workspace/c/${slug}/webhooks`, addForm(`http://${allowHost}/hang`, ["signature.verified"]));
    expect(response.status).toBe(200);

    const first = await postSignature(app, slug, { ...validSignature, name: "Hana Hughes", email: "hang-1@example.org" });
    expect(first.status).toBe(302);
    const [mail] = await mailbox.waitFor(1, "hang-1@example.org");
    expect((await fetch(verifyLink(mail))).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (hanging.length === 0 && Date.now() < deadline) await sleep(50);
    expect(hanging).toHaveLength(1);

    const second = await postSignature(app, slug, { ...validSignature, name: "Iolo Huws", email: "hang-2@example.org" });
    expect(second.status).toBe(302);
    await mailbox.waitFor(1, "hang-2@example.org");
    // …while the receiver still holds the first delivery open (the app gives up on it after 10 s).
    expect(hanging.filter((held) => !held.req.socket.destroyed)).toHaveLength(1);

    // Deleted while the delivery is still on its way, then answered: the answer is not recorded
    // against a webhook that is gone (and logs no error: the app's log is watched).
    const id = query<{ id: number }>(app, "select id from webhooks where url like '%/hang'")[0].id;
    expect((await owner(`/workspace/c/${slug}/webhooks`, form({ intent: "delete", webhookId: String(id) }))).status).toBe(302);
    const answered = hanging.splice(0).filter((held) => !held.req.socket.destroyed);
    expect(answered).toHaveLength(1);
    for (const held of answered) held.writeHead(200).end("ok");
    await sleep(1_500);
    expect(query(app, "select count(*) as n from webhook_attempts where webhook_id = ?", id)).toEqual([{ n: 0 }]);
    expect(query(app, "select count(*) as n from outbox where webhook_id = ?", id)).toEqual([{ n: 0 }]);
  });
});
