import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { freePort, type RunningApp, startApp, stopApp } from "../helpers/app";
import { query } from "../helpers/db";
import { getCount, postSignature, validSignature } from "../helpers/http";
import { type PostgresServer, startPostgres } from "../helpers/postgres-server";
import { type Mailbox, startMailbox, verifyLink } from "../helpers/smtp";

// PostgreSQL goes away under a running app (a restart, a failover) and comes back. The process
// stays up, /readyz says why it is not ready while the database is gone, and once it is back the
// app signs, confirms and counts again, and holds its presence lock again (the lock other
// processes use to tell it is alive). A server of this file's own, on either suite, since the
// test stops it.

let server: PostgresServer;
let app: RunningApp;
let mailbox: Mailbox;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // Durable, as a real server is: this one is stopped at once (as a crash would) and started again,
  // and with fsync and synchronous commit off what was written since the last checkpoint went with it.
  server = await startPostgres({ port: await freePort() });
  const admin = new pg.Client({ connectionString: `${server.url}/postgres` });
  await admin.connect();
  await admin.query("create database outage");
  await admin.end();
  mailbox = await startMailbox();
  app = await startApp(
    { DATABASE_URL: `${server.url}/outage`, SEED_DEMO: "true", SMTP_URL: mailbox.url, TRUST_PROXY: "1" },
    // What the background work and the requests log while the database is away.
    { expectErrorLogs: [/ECONNREFUSED|Connection terminated|terminating connection|connect|the database system is (shutting down|starting up)|Background work failed|Counting batch failed|Closing campaigns/] },
  );
}, 120_000);

afterAll(async () => {
  await stopApp(app);
  await mailbox?.close();
  server?.stop();
});

async function readyz() {
  const response = await fetch(`${app.url}/readyz`);
  return { status: response.status, text: await response.text() };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(200);
  }
}

it("keeps the process up while PostgreSQL is away, says so at /readyz, and works again once it is back", { timeout: 120_000 }, async () => {
  const slug = "co-production-wales";
  const pid = app.pid();
  expect(await until(readyz, (r) => r.status === 200)).toEqual({ status: 200, text: "ready" });
  const presence = () =>
    query<{ n: number }>(app, "select count(*) as n from pg_locks where locktype = 'advisory' and classid = 21831 and objsubid = 2 and granted")[0]!.n;
  expect(presence()).toBe(1);

  server.pause();
  const away = await until(readyz, (r) => r.status === 503);
  expect(away.status).toBe(503);
  expect(away.text).toMatch(/^database unreachable: /);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  // A signature cannot be saved now: the supporter is told so, and nothing claims otherwise.
  const refused = await postSignature(app, slug, { ...validSignature, email: "away@example.org" }, { "X-Forwarded-For": "192.0.2.31" });
  expect(refused.status).toBeGreaterThanOrEqual(500);
  await sleep(6_000); // the presence check and the workers meet the outage
  expect(app.pid()).toBe(pid);

  server.resume();
  expect(await until(readyz, (r) => r.status === 200)).toEqual({ status: 200, text: "ready" });
  const before = (await getCount(app, slug)).count;
  const signed = await postSignature(app, slug, { ...validSignature, email: "back@example.org" }, { "X-Forwarded-For": "192.0.2.32" });
  expect(signed.status).toBe(302);
  const [mail] = await mailbox.waitFor(1, "back@example.org");
  expect((await fetch(verifyLink(mail!))).status).toBe(200);
  expect((await until(() => getCount(app, slug), (c) => c.count === before + 1)).count).toBe(before + 1);
  expect(query(app, "select email from signatures where email in ('away@example.org', 'back@example.org')")).toEqual([{ email: "back@example.org" }]);
  // The process took its presence lock again.
  expect(await until(async () => presence(), (n) => n === 1)).toBe(1);
  expect(app.pid()).toBe(pid);
});
