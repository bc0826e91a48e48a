import { expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { query } from "../helpers/db";
import { postSignature, validSignature, waitForCount } from "../helpers/http";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

let app: RunningApp;
let mailbox: Mailbox;
withAppAndMailbox((started) => ({ app, mailbox } = started), { perTest: true, env: { TRUST_PROXY: "1" } });

const sign = (n: number) =>
  postSignature(app, "fair-care-now", { ...validSignature, name: `Signer ${n}`, email: `signer${n}@example.org` }, { "X-Forwarded-For": `192.0.2.${n}` });

const messageIds = () => mailbox.messages.map((m) => m.messageId);

it("loses nothing while the mail server is down, and sends each message once when it is back", async () => {
  await mailbox.down();
  for (let n = 1; n <= 3; n++) expect((await sign(n)).status).toBe(302);
  await new Promise((r) => setTimeout(r, 2500));
  const waiting = query<{ status: string; attempts: number }>(app, "select status, attempts from outbox");
  expect(waiting).toHaveLength(3);
  for (const row of waiting) {
    expect(row.status).toBe("pending");
    expect(row.attempts).toBeGreaterThan(0);
  }

  await mailbox.up();
  await mailbox.waitFor(3, undefined, 20_000);
  await new Promise((r) => setTimeout(r, 2000));
  expect(mailbox.messages).toHaveLength(3);
  expect(new Set(messageIds()).size).toBe(3);
  expect(query(app, "select distinct status from outbox")).toEqual([{ status: "sent" }]);

  for (const mail of mailbox.messages) expect((await fetch(verifyLink(mail))).status).toBe(200);
  await waitForCount(app, "fair-care-now", 3);
});

it("sends mail still queued at a restart after the restart, once", async () => {
  await mailbox.down();
  expect((await sign(1)).status).toBe(302);
  expect((await sign(2)).status).toBe(302);
  await app.stop();
  await mailbox.up();
  await app.restart();
  await mailbox.waitFor(2, undefined, 20_000);
  await new Promise((r) => setTimeout(r, 1500));
  expect(mailbox.messages).toHaveLength(2);
  expect(new Set(messageIds()).size).toBe(2);
});

it("keeps a signature the supporter was told is saved when the process is killed at once", async () => {
  await mailbox.down();
  expect((await sign(1)).status).toBe(302);
  await app.kill(); // SIGKILL: no shutdown, no flush
  expect(query(app, "select email from signatures")).toEqual([{ email: "signer1@example.org" }]);
  await mailbox.up();
  await app.restart();
  const [mail] = await mailbox.waitFor(1, "signer1@example.org", 20_000);
  expect((await fetch(verifyLink(mail))).status).toBe(200);
  await waitForCount(app, "fair-care-now", 1);
});

it("leaves sending to the sender when OUTBOX_SENDER=0: the app process queues, the sender sends each message once, a kill of the app process notwithstanding", async () => {
  await app.stop();
  await app.restart({ OUTBOX_SENDER: "0" });
  expect((await sign(1)).status).toBe(302);
  await new Promise((r) => setTimeout(r, 2500));
  expect(mailbox.messages).toHaveLength(0);
  expect(query(app, "select status from outbox")).toEqual([{ status: "pending" }]);

  const sender = await startApp({ SMTP_URL: mailbox.url, DATABASE_URL: app.databaseUrl, PUBLIC_URL: app.url }, { sender: true });
  try {
    const [mail] = await mailbox.waitFor(1, "signer1@example.org", 20_000);
    expect((await fetch(verifyLink(mail))).status).toBe(200);
    // Killed while signing goes on: what it queued is sent by the sender, once each.
    expect((await sign(2)).status).toBe(302);
    await app.kill();
    await mailbox.waitFor(2, undefined, 20_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(mailbox.messages).toHaveLength(2);
    expect(new Set(messageIds()).size).toBe(2);
    expect(query(app, "select distinct status from outbox")).toEqual([{ status: "sent" }]);
  } finally {
    await stopApp(sender);
  }
  await app.restart({ OUTBOX_SENDER: "0" });
  await waitForCount(app, "fair-care-now", 1);
});
