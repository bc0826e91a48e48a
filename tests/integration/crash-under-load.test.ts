import type { ParsedMail } from "mailparser";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { query } from "../helpers/db";
import { postSignature } from "../helpers/http";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

// Issue 16's proof of group commit: a request is answered only after the commit that holds its
// signature, so a crash (SIGKILL, no shutdown) in the middle of a burst loses no signature anyone
// was told is saved (the redirect, a 302), and the outbox sends each signer one confirmation after
// the restart: one Message-ID, though the crash can make a mail go twice (the second test shows
// why). The mail server stays up across the crash.

let app: RunningApp;
let mailbox: Mailbox;
withAppAndMailbox((started) => ({ app, mailbox } = started), { perTest: true, env: { TRUST_PROXY: "1" } });

const slug = "fair-care-now";
const domain = "crash.example";
/** Supporters signing at once, each posting again as soon as it is answered. */
const SIGNERS = 24;
/** The server is killed once this many signatures have been answered as saved. */
const KILL_AFTER = 150;
/** On a machine too slow to reach KILL_AFTER, it is killed after this long anyway. */
const LOAD_LIMIT_MS = 40_000;

interface Attempt {
  name: string;
  email: string;
  /** "saved": the redirect to the check-email page; "failed": no answer (the server died first). */
  outcome?: "saved" | "failed" | `status ${number} to ${string}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bare = (messageId: string | null | undefined) => messageId?.replace(/^<|>$/g, "");
const recipientsOf = (mail: ParsedMail) =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address?.toLowerCase() ?? ""));

it("keeps every signature it answered when killed under load, and mails each signer once after the restart", { timeout: 150_000 }, async ({ annotate }) => {
  const form = await (await fetch(`${app.url}/c/${slug}/sign`)).text();
  const letterTextId = form.match(/name="letterTextId" value="(\d+)"/)?.[1] ?? "";
  expect(letterTextId).toMatch(/^\d+$/);

  // The burst: every supporter with an address (and, behind the proxy, an IP) of their own.
  const attempts: Attempt[] = [];
  let saved = 0;
  let killed: Promise<void> | undefined;
  const loadStarted = Date.now();
  const loadEnds = loadStarted + LOAD_LIMIT_MS;
  const crash = () => (killed ??= app.kill());
  async function supporter() {
    while (!killed) {
      const n = attempts.length + 1;
      const attempt: Attempt = { name: `Crash Signer ${n}`, email: `signer-${n}@${domain}` };
      attempts.push(attempt);
      try {
        const response = await postSignature(
          app,
          slug,
          { letterTextId, website: "", name: attempt.name, email: attempt.email, signerType: "individual", organisation: "", role: "", location: "Cardiff", comment: "", showName: "on" },
          { "X-Forwarded-For": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
        );
        const location = response.headers.get("location") ?? "";
        attempt.outcome = response.status === 302 && location === `/c/${slug}/check-email` ? "saved" : `status ${response.status} to ${location}`;
        await response.body?.cancel().catch(() => undefined);
      } catch (error) {
        // The connection was reset or refused: no answer, so no promise was made.
        attempt.outcome = "failed";
        if (!killed) throw error;
      }
      if (attempt.outcome === "saved") saved += 1;
      if (saved >= KILL_AFTER || Date.now() > loadEnds) void crash();
    }
  }
  await Promise.all(Array.from({ length: SIGNERS }, supporter));
  await killed;
  const loadMs = Date.now() - loadStarted;

  const answered = attempts.filter((a) => a.outcome === "saved");
  const failed = attempts.filter((a) => a.outcome === "failed");
  // Nothing but the redirect was answered: no 429 from the rate limit, no 400, no 500.
  expect(attempts.filter((a) => a.outcome !== "saved" && a.outcome !== "failed")).toEqual([]);
  expect(answered.length).toBeGreaterThanOrEqual(KILL_AFTER);
  // Where the outbox stood at the crash, for the figures below.
  const atCrash = query<{ status: string; n: number }>(app, "select status, count(*) as n from outbox where recipient like ? group by status", `%@${domain}`);
  const mailedBeforeCrash = mailbox.messages.length;

  await app.restart();
  const restarted = Date.now();

  // The outbox drains: every message for this run's signers is sent (the mailbox holds each one
  // before its 250 reply reaches the app, so a row marked sent means its mail is in the mailbox).
  const unsent = () =>
    query<{ n: number }>(app, "select count(*) as n from outbox where recipient like ? and status <> 'sent'", `%@${domain}`)[0].n;
  const drainEnds = Date.now() + 60_000;
  while (unsent() > 0 && Date.now() < drainEnds) await sleep(250);
  const drainMs = Date.now() - restarted;

  // Every signature answered as saved is stored, as typed.
  const stored = new Map(
    query<{ id: number; name: string; email: string }>(app, "select id, name, email from signatures where email like ?", `%@${domain}`).map(
      (row) => [row.email, row],
    ),
  );
  expect(answered.filter((a) => stored.get(a.email)?.name !== a.name).map((a) => a.email)).toEqual([]);
  // Anything else stored was sent by this run (an unanswered request may or may not be stored).
  const sent = new Map(attempts.map((a) => [a.email, a]));
  expect([...stored.values()].filter((row) => sent.get(row.email)?.name !== row.name)).toEqual([]);

  // One confirmation message per stored signature, each sent: none lost, none queued twice.
  const outbox = query<{ recipient: string; status: string; message_id: string }>(
    app,
    "select recipient, status, message_id from outbox where recipient like ?",
    `%@${domain}`,
  );
  expect(outbox.length).toBe(stored.size);
  expect(new Set(outbox.map((row) => row.recipient))).toEqual(new Set(stored.keys()));
  expect(outbox.filter((row) => row.status !== "sent")).toEqual([]);

  // Each signer received exactly one confirmation: one Message-ID, the one its outbox row holds,
  // naming them and offering the withdraw link of their own signature. A mail the crashed process
  // handed to the mail server but had not yet marked sent goes again after the restart, with the
  // same Message-ID, so a mail client shows it once; those raw repeats are counted below.
  const byRecipient = new Map<string, ParsedMail[]>();
  for (const mail of mailbox.messages) {
    for (const to of recipientsOf(mail)) if (to.endsWith(`@${domain}`)) byRecipient.set(to, [...(byRecipient.get(to) ?? []), mail]);
  }
  expect([...byRecipient.keys()].filter((to) => !stored.has(to))).toEqual([]);
  const messageIdOf = new Map(outbox.map((row) => [row.recipient, row.message_id]));
  const wrong: string[] = [];
  for (const [email, signature] of stored) {
    const mails = byRecipient.get(email) ?? [];
    const ids = new Set(mails.map((mail) => bare(mail.messageId)));
    if (ids.size !== 1 || !ids.has(messageIdOf.get(email))) {
      wrong.push(`${email}: ${mails.length} mail(s), Message-IDs ${[...ids].join(", ") || "none"}`);
      continue;
    }
    for (const mail of mails) {
      const withdrawId = mail.text?.match(/\/withdraw\/(\d+)-/)?.[1];
      if (mail.subject !== "Confirm your signature: Fair care now" || !mail.text?.includes(signature.name) || withdrawId !== String(signature.id) || !verifyLink(mail)) {
        wrong.push(`${email}: a mail that is not this signer's confirmation (${mail.subject}, withdraw ${withdrawId})`);
      }
    }
  }
  expect(wrong).toEqual([]);

  const repeats = [...byRecipient.values()].reduce((sum, mails) => sum + mails.length - 1, 0);
  await annotate(
    `${attempts.length} posted in ${loadMs} ms: ${answered.length} answered as saved, ${failed.length} cut off by the kill; ` +
      `${stored.size} stored (${stored.size - answered.length} of them unanswered); ${outbox.length} outbox rows; ` +
      `at the crash ${atCrash.map((row) => `${row.n} ${row.status}`).join(", ") || "none queued"} and ${mailedBeforeCrash} mails received; ` +
      `${drainMs} ms after the restart ${mailbox.messages.length} mails received, ${repeats} raw repeat(s) of an already-received Message-ID`,
  );
});

it("sends a mail again after a crash when the mail server had it but had not said so, with the same Message-ID", { timeout: 90_000 }, async () => {
  // The mail server takes the message in but the process dies before its reply arrives: the
  // outbox row is still "sending", so the message goes again after the restart. SMTP cannot do
  // better (RFC 5321, 6.1); the unchanged Message-ID lets the receiving side see it is one mail.
  const email = "held@stall.example";
  mailbox.holding.add(email);
  const response = await postSignature(
    app,
    slug,
    { website: "", name: "Held Signer", email, signerType: "individual", organisation: "", role: "", location: "Cardiff", comment: "", showName: "on" },
    { "X-Forwarded-For": "192.0.2.77" },
  );
  expect(response.status).toBe(302);
  const [first] = await mailbox.waitFor(1, email, 20_000);
  expect(query(app, "select status from outbox where recipient = ?", email)).toEqual([{ status: "sending" }]);

  await app.kill();
  mailbox.holding.delete(email);
  await app.restart();

  const mails = await mailbox.waitFor(2, email, 20_000);
  const drainEnds = Date.now() + 20_000;
  while (query<{ status: string }>(app, "select status from outbox where recipient = ?", email)[0].status !== "sent" && Date.now() < drainEnds) await sleep(250);
  expect(query(app, "select status from outbox where recipient = ?", email)).toEqual([{ status: "sent" }]);
  expect(mails).toHaveLength(2);
  expect(new Set(mails.map((mail) => mail.messageId))).toEqual(new Set([first.messageId]));
  // The same confirmation both times, and its link works.
  expect(verifyLink(mails[1])).toBe(verifyLink(first));
  expect((await fetch(verifyLink(first))).status).toBe(200);
});
