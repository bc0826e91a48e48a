import fs from "node:fs";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { cli } from "../helpers/cli";
import { execute, insertRows, query } from "../helpers/db";
import { getCount, postSignature, textOf } from "../helpers/http";
import { type Browser, form, signInAs } from "../helpers/session";
import { type Mailbox, startMailbox, verifyLink } from "../helpers/smtp";
import { testPostgresUrl } from "../helpers/test-database";

// Two app processes on one PostgreSQL database count every signature once and send every
// mail once, even when one of them is killed (SIGKILL) in the middle: they queue mail
// (OUTBOX_SENDER=0) and the sender, a process of its own, sends it. Only on PostgreSQL: SQLite
// serves one app process (README, "Several processes").

const slug = "fair-care-now";
const domain = "two.example";
const SIGNATURES = 500;
/** Signers who asked for news: more than one batch of a response's mailing (MAILING_BATCH, 500, in responses.server.ts). */
const NEWS_SIGNERS = 1_200;
/** Signatories enough that a pack export takes a few seconds (as in pack.test.ts). */
const PACK_SIGNERS = 40_000;
/** Requests in flight at once, spread over both processes. */
const CONCURRENCY = 16;

let first: RunningApp;
let second: RunningApp;
let sender: RunningApp;
let mailbox: Mailbox;
let staff: Browser | undefined;
/** A staff member signed in through the first process (the session secret is on disk: the session outlives restarts). */
const staffBrowser = async () => (staff ??= await signInAs(first, "staff@example.org", "staff"));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bare = (messageId: string | null | undefined) => messageId?.replace(/^<|>$/g, "");
const recipientsOf = (mail: ParsedMail) =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address?.toLowerCase() ?? ""));

/** Signatures as signing and confirming leave them, for the campaign `slug`: `count` of them, addresses `{prefix}-{i}@{at}`. */
function signatureRows(app: RunningApp, count: number, prefix: string, at: string, { news }: { news: boolean }) {
  const [text] = query<{ id: number; letter_version_id: number; sha256: string; campaign_id: number }>(
    app,
    "select t.id, t.letter_version_id, t.sha256, v.campaign_id from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = ? order by t.id limit 1",
    slug,
  );
  const when = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    campaign_id: text!.campaign_id,
    letter_version_id: text!.letter_version_id,
    letter_text_id: text!.id,
    letter_sha256: text!.sha256,
    name: `${prefix} ${i}`,
    email: `${prefix}-${i}@${at}`,
    signer_type: "individual",
    location: "Cardiff",
    show_name: 1,
    wants_updates: news ? 1 : 0,
    created_at: when,
    verified_at: when,
  }));
}

/** Polls `read` until it gives something truthy; fails naming `what` after `ms`. */
async function waitFor<T>(what: string, read: () => T | undefined | false, ms: number): Promise<T> {
  for (const deadline = Date.now() + ms; ; await sleep(200)) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Waited ${ms} ms for ${what}`);
  }
}

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
    first = await startApp({ SMTP_URL: mailbox.url, TRUST_PROXY: "1", OUTBOX_SENDER: "0" });
    second = await startApp({ SMTP_URL: mailbox.url, TRUST_PROXY: "1", OUTBOX_SENDER: "0", DATABASE_URL: first.databaseUrl });
    sender = await startApp({ SMTP_URL: mailbox.url, DATABASE_URL: first.databaseUrl }, { sender: true });
  });
  afterAll(async () => {
    await stopApp(sender);
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
    // A mail to every signer.
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
    // None twice: the killed process was sending none of them (the sender was).
    expect([...received].filter(([, n]) => n !== 1)).toEqual([]);
    await annotate(`${outbox.length} messages for ${SIGNATURES} signers; ${unanswered.length} requests cut off by the kill and sent again to the other process`);
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

  it("queues a response's mailing once though both processes take it up together: one mail to each signer who asked for news", { timeout: 240_000 }, async ({ annotate }) => {
    const newsDomain = "news.example";
    insertRows(first, "signatures", signatureRows(first, NEWS_SIGNERS, "news", newsDomain, { news: true }));
    const [{ id: campaignId }] = query<{ id: number }>(first, "select id from campaigns where slug = ?", slug);
    // Whom the mailing is for (listSignersForNews): these and any earlier signer who asked for news.
    const forNews = query<{ id: number; email: string }>(
      first,
      "select id, email from signatures where campaign_id = ? and wants_updates = 1 and email is not null and verified_at is not null and invalidated_at is null order by id",
      campaignId,
    );
    expect(forNews.filter((s) => s.email.endsWith(`@${newsDomain}`))).toHaveLength(NEWS_SIGNERS);

    // Staff record the response through the first process while this test holds the mailing's lock,
    // as another process queueing a mailing would: its mailer skips, and the mailing waits at 0.
    expect(query(first, "select pg_try_advisory_lock(hashtext('response-mailings')) as locked")).toEqual([{ locked: 1 }]);
    const [jane] = query<{ id: number }>(first, "select id from recipients where campaign_id = ? and name = 'Jane Minister'", campaignId);
    const body = new FormData();
    for (const [name, value] of Object.entries({ recipientId: String(jane!.id), receivedOn: "2026-11-20", body: "Thank you for your letter." })) body.append(name, value);
    const recorded = await (await staffBrowser())(`/workspace/c/${slug}/responses`, { method: "POST", body });
    expect(recorded.status).toBe(302);
    const [response] = query<{ id: number; mailing_status: string; mailing_cursor: number }>(first, "select id, mailing_status, mailing_cursor from responses where campaign_id = ?", campaignId);
    expect(response).toMatchObject({ mailing_status: "mailing", mailing_cursor: 0 });

    // Both stop; the lock goes; both start at once, and each one's mailer takes the mailing up as it starts.
    await Promise.all([first.stop(), second.stop()]);
    expect(query(first, "select pg_advisory_unlock(hashtext('response-mailings')) as unlocked")).toEqual([{ unlocked: 1 }]);
    const startedAt = Date.now();
    await Promise.all([first.restart(), second.restart()]);

    const mailing = () =>
      query<{ mailing_status: string; mailing_cursor: number; mailed_count: number }>(first, "select mailing_status, mailing_cursor, mailed_count from responses where id = ?", response!.id)[0]!;
    await waitFor("the mailing to be queued to its end", () => mailing().mailing_status === "done", 60_000);
    const outbox = () => query<{ recipient: string; message_id: string; status: string }>(first, "select recipient, message_id, status from outbox where template = 'campaign-response'");
    await waitFor("every response mail to be sent", () => outbox().every((row) => row.status === "sent"), 120_000);
    const queued = outbox();
    const sentIn = Date.now() - startedAt;

    // One message per signer, none missed, the cursor at the last of them.
    expect(mailing()).toEqual({ mailing_status: "done", mailing_cursor: forNews.at(-1)!.id, mailed_count: forNews.length });
    expect(queued).toHaveLength(forNews.length);
    expect(queued.map((row) => row.recipient.toLowerCase()).sort()).toEqual(forNews.map((s) => s.email.toLowerCase()).sort());

    // And the mail server received each of them once, under its own Message-ID.
    const responseMails = () => mailbox.messages.filter((mail) => mail.subject?.startsWith("A response to"));
    await waitFor("the mailbox to have every response mail", () => responseMails().length >= queued.length, 30_000);
    await sleep(1_500); // and no more come
    const received = new Map<string, number>();
    for (const mail of responseMails()) received.set(bare(mail.messageId)!, (received.get(bare(mail.messageId)!) ?? 0) + 1);
    expect(received.size).toBe(queued.length);
    expect(queued.filter((row) => received.get(row.message_id) !== 1).map((row) => row.recipient)).toEqual([]);
    await annotate(`${queued.length} response mails queued and sent once each, ${Math.round(sentIn / 1000)} s from both processes starting`);
  });

  it("makes a requested signature pack once, and when its maker is killed (SIGKILL) the other takes it over after the lease lapses", { timeout: 360_000 }, async ({ annotate }) => {
    // As deployed, both processes share DATA_DIR (README, "Several processes"): the packs, and the key that signs them.
    await second.stop();
    await second.restart({ DATA_DIR: first.dataDir });
    const packs = path.join(first.dataDir, "packs");
    const inPacks = () => (fs.existsSync(packs) ? fs.readdirSync(packs) : []);
    const zips = () => inPacks().filter((name) => name.endsWith(".zip")).sort();
    const leftovers = () => inPacks().filter((name) => name.startsWith(".export-") || name.endsWith(".partial"));
    const zipsBefore = zips();

    insertRows(first, "signatures", signatureRows(first, PACK_SIGNERS, "pack", "pack.example", { news: false }));
    const [{ id: campaignId }] = query<{ id: number }>(first, "select id from campaigns where slug = ?", slug);
    const [{ n: total }] = query<{ n: number }>(first, "select count(*) as n from signatures where campaign_id = ? and verified_at is not null and invalidated_at is null", campaignId);
    const browse = await staffBrowser();

    type Row = { status: string; progress: number; total: number; file: string | null; started_at: string | null; lease_until: string | null };
    const row = (id: number) => query<Row>(first, "select status, progress, total, file, started_at, lease_until from pack_exports where id = ?", id)[0]!;
    const startedIn = (app: RunningApp, id: number) => app.logs().includes(`"packId":${id},"msg":"Signature pack export started"`);
    const audited = (id: number) => query(first, "select id from audit_log where action = 'pack.export' and after = ?", JSON.stringify({ packId: id })).length;
    async function requestExport() {
      const started = await browse(`/workspace/c/${slug}/pack`, form({}));
      expect(started.status).toBe(302);
      return Number(started.headers.get("location")!.match(/started=(\d+)$/)![1]);
    }
    async function verify(app: RunningApp, file: string) {
      const upload = new FormData();
      upload.set("pack", new Blob([new Uint8Array(fs.readFileSync(path.join(packs, file)))], { type: "application/zip" }), "pack.zip");
      const checked = await fetch(`${app.url}/verify-pack`, { method: "POST", body: upload });
      expect(checked.status).toBe(200);
      return textOf(await checked.text());
    }

    // 1. Asked for while both run; both then stop (the export handed back to the queue, if begun)
    // and start at once, each one's worker looking for queued exports as it starts: one makes it.
    const once = await requestExport();
    await Promise.all([first.stop(), second.stop()]);
    expect(row(once)).toMatchObject({ status: "queued", file: null, lease_until: null });
    await Promise.all([first.restart(), second.restart({ DATA_DIR: first.dataDir })]);
    const made = await waitFor(`export ${once} to be made`, () => row(once).status === "done" && row(once), 120_000);
    expect([first, second].filter((app) => startedIn(app, once))).toHaveLength(1);
    expect(made).toMatchObject({ progress: total, total, lease_until: null });
    expect(zips()).toEqual([...zipsBefore, made.file!].sort());
    expect(leftovers()).toEqual([]);
    expect(audited(once)).toBe(1);
    expect(fs.existsSync(path.join(second.dataDir, "packs"))).toBe(false);
    const maker1 = startedIn(first, once) ? first : second;
    expect(await verify(maker1 === first ? second : first, made.file!)).toContain("This pack is intact");

    // 2. Asked for again while both run; the process making it is killed in the middle. Its lease
    // is renewed no more, and once it lapses the other process takes the export over and makes it.
    const taken = await requestExport();
    const running = await waitFor(`export ${taken} to be under way`, () => {
      const r = row(taken);
      return r.status === "running" && r.progress > 0 && r;
    }, 60_000);
    const [maker, other] = startedIn(first, taken) ? [first, second] : [second, first];
    expect(startedIn(maker, taken)).toBe(true);
    expect(startedIn(other, taken)).toBe(false);
    await maker.kill();
    const killedAt = Date.now();
    const lapsing = row(taken);
    expect(lapsing).toMatchObject({ status: "running", started_at: running.started_at, file: null });
    expect(lapsing.progress).toBeLessThan(total);
    const finished = await waitFor(`export ${taken} to be taken over and made`, () => row(taken).status === "done" && row(taken), 180_000);
    const takenOverIn = Date.now() - killedAt;
    expect(startedIn(other, taken)).toBe(true);
    expect(finished.started_at! >= lapsing.lease_until!).toBe(true);
    expect(finished).toMatchObject({ progress: total, total, lease_until: null });
    expect(zips()).toEqual([...zipsBefore, made.file!, finished.file!].sort());
    expect(leftovers()).toEqual([]);
    expect(audited(taken)).toBe(1);
    expect(await verify(other, finished.file!)).toContain("This pack is intact");
    await maker.restart();
    await annotate(`${total} signatories; killed at ${lapsing.progress}/${total}; taken over and made ${Math.round(takenOverIn / 1000)} s after the kill`);
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
