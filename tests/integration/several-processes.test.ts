import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { cli } from "../helpers/cli";
import { execute, query } from "../helpers/db";
import { getCount, postSignature } from "../helpers/http";
import { type Mailbox, startMailbox, verifyLink } from "../helpers/smtp";
import { testPostgresUrl } from "../helpers/test-database";

// Two app processes on one PostgreSQL database count every signature once and send every
// mail once, even when one of them is killed (SIGKILL) in the middle. Only on PostgreSQL: SQLite
// serves one app process (README, "Several processes").

const slug = "fair-care-now";
const domain = "two.example";
const SIGNATURES = 500;
/** Requests in flight at once, spread over both processes. */
const CONCURRENCY = 16;

let first: RunningApp;
let second: RunningApp;
let mailbox: Mailbox;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bare = (messageId: string | null | undefined) => messageId?.replace(/^<|>$/g, "");
const recipientsOf = (mail: ParsedMail) =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address?.toLowerCase() ?? ""));

/** Runs `work` for 0…n-1, `CONCURRENCY` at a time. */
async function inParallel(n: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

describe.skipIf(!testPostgresUrl)("two app processes on one PostgreSQL database", () => {
  beforeAll(async () => {
    mailbox = await startMailbox();
    first = await startApp({ SMTP_URL: mailbox.url, TRUST_PROXY: "1" });
    second = await startApp({ SMTP_URL: mailbox.url, TRUST_PROXY: "1", DATABASE_URL: first.databaseUrl });
  });
  afterAll(async () => {
    await stopApp(second);
    await stopApp(first);
    await mailbox?.close();
  });

  it("count 500 signatures exactly once and mail each signer once, though one process is killed halfway", { timeout: 240_000 }, async ({ annotate }) => {
    const apps = [first, second];
    const form = await (await fetch(`${first.url}/c/${slug}/sign`)).text();
    const letterTextId = form.match(/name="letterTextId" value="(\d+)"/)?.[1] ?? "";
    expect(letterTextId).toMatch(/^\d+$/);

    // Signing: alternately to each process. Halfway, the first is killed; a supporter whose request
    // it never answered tries again at the other (the same address: one signature either way).
    let answered = 0;
    let killed: Promise<void> | undefined;
    const unanswered: string[] = [];
    await inParallel(SIGNATURES, async (i) => {
      const email = `signer-${i}@${domain}`;
      const fields = { letterTextId, website: "", name: `Two Signer ${i}`, email, signerType: "individual", organisation: "", role: "", location: "Cardiff", comment: "", showName: "on" };
      const headers = { "X-Forwarded-For": `10.7.${i >> 8}.${i & 255}` };
      let target = killed ? second : apps[i % 2]!;
      for (;;) {
        try {
          const response = await postSignature(target, slug, fields, headers);
          await response.body?.cancel().catch(() => undefined);
          expect(`${response.status} ${response.headers.get("location")}`).toBe(`302 /c/${slug}/check-email`);
          break;
        } catch (error) {
          if (target !== first || !killed) throw error;
          unanswered.push(email);
          target = second;
        }
      }
      answered += 1;
      if (answered === SIGNATURES / 2) killed = first.kill();
    });
    await killed;

    // Every signer has a stored signature and one confirmation message queued.
    const stored = query<{ id: number; email: string }>(first, "select id, email from signatures where email like ?", `%@${domain}`);
    expect(stored).toHaveLength(SIGNATURES);

    // The first process comes back; the links are opened alternately through either process.
    await first.restart();
    // A mail to every signer, not 500 mails: raw repeats of a Message-ID (see below) count among those.
    const linkOf = new Map<string, string>();
    const mailDeadline = Date.now() + 120_000;
    for (;;) {
      for (const mail of mailbox.messages) for (const to of recipientsOf(mail)) if (to.endsWith(`@${domain}`)) linkOf.set(to, verifyLink(mail));
      if (linkOf.size >= SIGNATURES || Date.now() > mailDeadline) break;
      await sleep(200);
    }
    expect(linkOf.size).toBe(SIGNATURES);
    const links = [...linkOf.values()];
    await inParallel(links.length, async (i) => {
      const link = new URL(links[i]!);
      const response = await fetch(`${apps[i % 2]!.url}${link.pathname}`);
      expect(response.status).toBe(200);
      await response.body?.cancel().catch(() => undefined);
    });

    // The batch counters of both processes together count each verification exactly once.
    const deadline = Date.now() + 30_000;
    while ((await getCount(second, slug)).count < SIGNATURES && Date.now() < deadline) await sleep(200);
    await sleep(2_500); // two more batches in each process: a double count would show now
    expect((await getCount(first, slug)).count).toBe(SIGNATURES);
    expect((await getCount(second, slug)).count).toBe(SIGNATURES);
    const [counted] = query<{ verified_count: number }>(first, "select verified_count from campaign_counts c join campaigns on campaigns.id = c.campaign_id where slug = ?", slug);
    expect(counted!.verified_count).toBe(SIGNATURES);
    expect(query(first, "select id from signatures where email like ? and (verified_at is null or count_pending <> 0)", `%@${domain}`)).toEqual([]);

    // Every message is sent, and each one reached the mail server under its own Message-ID.
    const drainEnds = Date.now() + 60_000;
    const unsent = () => query<{ n: number }>(first, "select count(*) as n from outbox where recipient like ? and status <> 'sent'", `%@${domain}`)[0]!.n;
    while (unsent() > 0 && Date.now() < drainEnds) await sleep(250);
    const outbox = query<{ recipient: string; message_id: string; status: string }>(first, "select recipient, message_id, status from outbox where recipient like ?", `%@${domain}`);
    expect(outbox.filter((row) => row.status !== "sent")).toEqual([]);
    const received = new Map<string, number>();
    for (const mail of mailbox.messages) {
      if (!recipientsOf(mail).some((to) => to.endsWith(`@${domain}`))) continue;
      const id = bare(mail.messageId)!;
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    expect(outbox.filter((row) => !received.has(row.message_id)).map((row) => row.recipient)).toEqual([]);
    expect([...received.keys()].filter((id) => !outbox.some((row) => row.message_id === id))).toEqual([]);
    // A message whose acceptance by the mail server the killed process had not yet recorded goes
    // again with the same Message-ID (SMTP cannot rule it out: RFC 5321, 6.1). At most the
    // messages it had on its pooled connections at the kill: four.
    const repeats = [...received.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(repeats).toBeLessThanOrEqual(4);
    await annotate(`${outbox.length} messages for ${SIGNATURES} signers; ${unanswered.length} requests cut off by the kill and sent again to the other process; ${repeats} raw repeat(s) of a Message-ID`);
  });

  it("shares the signing rate limit per process: behind a proxy spreading one address over two processes, it allows twice as much", async () => {
    // The limit is kept in each process's memory (README, "Several processes"): 20 at once from
    // one address, then 10 a minute. One address's sign-ups over both processes: 40 pass, then 429s.
    const form = await (await fetch(`${second.url}/c/${slug}/sign`)).text();
    const letterTextId = form.match(/name="letterTextId" value="(\d+)"/)?.[1] ?? "";
    const statuses: number[] = [];
    for (let i = 0; i < 46; i++) {
      const response = await postSignature(
        [first, second][i % 2]!,
        slug,
        { letterTextId, website: "", name: `Rate ${i}`, email: `rate-${i}@rate.example`, signerType: "individual", organisation: "", role: "", location: "Cardiff", comment: "", showName: "on" },
        { "X-Forwarded-For": "192.0.2.200" },
      );
      await response.body?.cancel().catch(() => undefined);
      statuses.push(response.status);
    }
    // Each process's bucket refills one token every 6 s, so a slow run may let one more through each.
    expect(statuses.slice(0, 40).every((status) => status === 302)).toBe(true);
    const passed = statuses.filter((status) => status === 302).length;
    expect(passed).toBeLessThanOrEqual(42);
    expect(statuses.slice(40).filter((status) => status !== 302 && status !== 429)).toEqual([]);
    expect(statuses.slice(40)).toContain(429);
  });

  it("runs the retention job in one process at a time: the command line says so while another holds it", async () => {
    // Another process's run, as far as the lock is concerned: this test's own session takes it.
    expect(query(first, "select pg_try_advisory_lock(hashtext('retention')) as locked")).toEqual([{ locked: 1 }]);
    const busy = await cli(first, ["privacy:run"]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain("Another app process is running the retention job right now. Nothing was changed");
    expect(query(first, "select pg_advisory_unlock(hashtext('retention')) as unlocked")).toEqual([{ unlocked: 1 }]);
    const ran = await cli(first, ["privacy:run"]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).not.toContain("Another app process");
  });

  it("closes a campaign at its closing date once, though both processes start together and look", async () => {
    await Promise.all([first.stop(), second.stop()]);
    execute(first, "update campaigns set status = 'open', closes_at = ? where slug = ?", new Date(Date.now() - 60_000).toISOString(), slug);
    const [{ id }] = query<{ id: number }>(first, "select id from campaigns where slug = ?", slug);
    // Both start at once, and each closes campaigns past their date as it starts.
    await Promise.all([first.restart(), second.restart()]);
    expect(query(first, "select status from campaigns where slug = ?", slug)).toEqual([{ status: "closed" }]);
    expect(query(first, "select action, after from audit_log where campaign_id = ? and action = 'campaign.status'", id)).toEqual([
      { action: "campaign.status", after: JSON.stringify({ status: "closed" }) },
    ]);
  });
});
