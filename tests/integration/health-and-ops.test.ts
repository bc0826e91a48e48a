import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freePort, type RunningApp, startApp, stopApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { postSignature, validSignature } from "../helpers/http";

// /healthz and /readyz, for the reverse proxy and the monitor (docs/deploy.md). The app's mail
// server is a port nobody listens on, so every message stays waiting in the outbox: the test, not
// the worker, decides how long mail has waited.

let app: RunningApp;

beforeEach(async () => {
  app = await startApp({ SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, TRUST_PROXY: "1" });
});
afterEach(() => stopApp(app));

async function probe(path: string, init: RequestInit = {}) {
  const response = await fetch(`${app.url}${path}`, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** /readyz until it answers `status` (an answer is reused for a second; a monitor asks again, and so does the test). */
async function readyzUntil(status: number) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const answer = await probe("/readyz");
    if (answer.status === status || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectNeverKept(headers: Headers) {
  expect(headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expect(headers.get("cache-control")).toBe("no-store");
  expect(headers.get("set-cookie")).toBeNull();
  expect(headers.get("x-cache")).toBeNull();
}

describe("/healthz", () => {
  it("answers ok while the process is up: plain text, never kept, with or without a cookie, however often", async () => {
    const answer = await probe("/healthz");
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("ok");
    expectNeverKept(answer.headers);

    const head = await fetch(`${app.url}/healthz`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");

    // A stale session cookie, a language cookie, a query: the same answer.
    const withCookie = await probe("/healthz?from=monitor", { headers: { Cookie: "__session=stale; language=cy" } });
    expect(withCookie).toMatchObject({ status: 200, text: "ok" });
    expectNeverKept(withCookie.headers);

    // A monitor from one address asking far more often than the sign-up rate limit allows.
    const many = await Promise.all(Array.from({ length: 60 }, () => probe("/healthz", { headers: { "X-Forwarded-For": "192.0.2.9" } })));
    expect(many.map((answer) => answer.status)).toEqual(many.map(() => 200));
  });
});

describe("/readyz", () => {
  it("is ready when the database answers, every migration is applied and no mail has waited 5 minutes", async () => {
    // A signature queues its confirmation mail, which cannot go out (no mail server): waiting, but not long.
    expect((await postSignature(app, "fair-care-now", validSignature, { "X-Forwarded-For": "192.0.2.1" })).status).toBe(302);
    expect(query(app, "select count(*) as waiting from outbox where status in ('pending', 'sending')")).toEqual([{ waiting: 1 }]);
    const many = await Promise.all(Array.from({ length: 30 }, () => probe("/readyz")));
    for (const answer of many) {
      expect(answer).toMatchObject({ status: 200, text: "ready" });
      expectNeverKept(answer.headers);
    }
  });

  it("answers 503 when the oldest due mail has waited more than 5 minutes, saying so", async () => {
    expect((await postSignature(app, "fair-care-now", validSignature, { "X-Forwarded-For": "192.0.2.1" })).status).toBe(302);
    expect((await probe("/readyz")).status).toBe(200);
    // Queued six minutes ago, and still not sent (the worker keeps retrying against a dead server).
    const sixMinutesAgo = new Date(Date.now() - 6 * 60_000 - 5_000).toISOString();
    // (Whatever its status at this instant: the worker may be holding it for a moment, as "sending".)
    expect(execute(app, "update outbox set created_at = ?, next_attempt_at = ?", sixMinutesAgo, sixMinutesAgo).changes).toBe(1);

    const behind = await readyzUntil(503);
    expect(behind.status).toBe(503);
    expect(behind.text).toMatch(/^mail is behind: the oldest due message has waited 6 minutes \(queued [\dT:.Z-]+, \d+ attempts so far\)$/);
    expectNeverKept(behind.headers);
    // The process itself is fine: the proxy keeps it, the monitor pages someone.
    expect((await probe("/healthz")).status).toBe(200);

    // Once it is gone, ready again.
    execute(app, "delete from outbox");
    expect(await readyzUntil(200)).toMatchObject({ status: 200, text: "ready" });
  });

  it("answers 503 naming a migration the database has not applied", async () => {
    const [latest] = query<{ name: string }>(app, "select name from kysely_migration order by name desc limit 1");
    execute(app, "delete from kysely_migration where name = ?", latest.name);
    const answer = await readyzUntil(503);
    expect(answer.status).toBe(503);
    expect(answer.text).toBe(`migrations not applied: ${latest.name}`);
    expectNeverKept(answer.headers);
  });
});
