// `npm run bench`: the targets of issue 16, measured on the built app, each with its figure and
// whether it is met. It prints figures and asserts nothing (its exit status is 0 either way).
//
// Four child processes, on fresh databases in a temporary folder, with the production durability
// setting (db/connection.ts): the app (server.js), a real SMTP server it sends every mail to
// (bench/smtp.ts, which logs when each message was accepted, its recipient and its link), the
// bare node:http + better-sqlite3 baseline (bench/baseline.ts), and the load generator (this
// process, autocannon). All load goes to 127.0.0.1, at 32 connections:
//   warm-up        app sign, baseline sign (3 s each), then their mails are awaited
//   app sign       60 s at full rate: the sign figures, and the burst whose mails are timed
//   mail           wait until the SMTP server has one message per signature answered 302/303;
//                  latency = SMTP acceptance − the moment that signature's request was sent,
//                  matched by recipient (every bench signer has an address of their own)
//   baseline sign  20 s, the same requests against the bare baseline
//   verify         the confirmation links taken from the received mails, each opened once
//   campaign page  GET /c/co-production-wales on the app, then the same bytes (status, headers,
//                  body fetched from the app once) from the baseline: informational
//   count.json     GET /c/co-production-wales/count.json
// Mail still owed then is awaited up to 30 s more before the app is stopped. The app's resident
// memory (VmRSS) is sampled every 200 ms from start-up to shutdown. Each phase's line is printed
// as it ends; the table of the issue's targets (measure, target, figure, met or MISSED) comes last.
//
// Knobs (environment):
//   BENCH_SKIP_BUILD=1       use an existing build (BUILD_DIR if set, else build/) instead of
//                            building one of its own first (about 40 s)
//   BENCH_PROFILE=1          run the app under `node --cpu-prof`, keep the profile and print where
//                            the app's main thread spent its time during the sign, verify and
//                            campaign page phases (bench/profile.ts)
//   BENCH_SECONDS_SCALE=0.2  multiply every phase's length and the mail waits by this (default 1;
//                            a quick look while developing; the figures are only the issue's at 1)
//   BENCH_SENDER=0           the app sends its own mail, as `npm start` alone does; by default it
//                            leaves the outbox to the sender, a fifth process (OUTBOX_SENDER=0 and
//                            `npm run sender`, the arrangement for a spike: README, "Several
//                            processes"), whose peak RSS gets a line of its own
// At scale 1 the run takes about three minutes, build included, if the mail keeps up (up to two
// more if it does not: the mail waits run out).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  buildApp,
  CONNECTIONS,
  fixed,
  freePort,
  getRaw,
  letterTextIdOf,
  type LoadRequest,
  percentile,
  type PhaseOptions,
  type PhaseResult,
  phaseTable,
  type RequestContext,
  residentBytes,
  runMain,
  runPhase as drive,
  SCALE,
  scaled,
  SIGNED,
  signer,
  SLUG,
  sleep,
  startApp,
  startServer,
  startSmtp,
  tailFile,
  type Target,
  temporaryDirs,
  whole,
} from "./common";
import { summarizeProfile } from "./profile";

/** Unless BENCH_SENDER=0, the app leaves the outbox to the sender, a process of its own (OUTBOX_SENDER=0, `npm run sender`). */
const SENDER_APART = process.env.BENCH_SENDER !== "0";
const SECONDS = {
  warmup: scaled(3),
  sign: scaled(60),
  baselineSign: scaled(20),
  verify: scaled(12),
  page: scaled(12),
  barePage: scaled(6),
  count: scaled(12),
  /** How long to wait for the mails of a phase before going on without them. */
  warmupMail: scaled(30, 10),
  mail: scaled(90, 10),
  /** …and once more before the app is stopped, for mail still owed then. */
  finalMail: scaled(30, 10),
};

const TARGETS = {
  signRate: 1_000,
  signP99: 100,
  shareOfBaseline: 0.4,
  verifyRate: 1_000,
  verifyP99: 100,
  pageRate: 2_000,
  pageP99: 100,
  countRate: 10_000,
  countP99: 20,
  mailP95: 60_000,
  rssMb: 300,
};

/** One phase against one server; the memory samples are told its name meanwhile. */
function runPhase({ server, ...options }: Omit<PhaseOptions, "targets" | "line"> & { server: Target }) {
  currentPhase = options.name;
  return drive({ ...options, targets: [server], line: table.line });
}

/** Notes, by address, when each signature answered with a redirect was sent. */
const recordSigned = (signed: Map<string, number>) => (status: number, context: RequestContext) => {
  if (SIGNED.includes(status)) signed.set(context.email as string, context.sentAt as number);
};

// ---------------------------------------------------------------------------------------------
// Output

const inSeconds = (ms: number) => (Number.isFinite(ms) ? `${fixed(ms / 1000)} s` : "-");
const table = phaseTable(30, false);

// ---------------------------------------------------------------------------------------------
// Memory: the app's resident set, sampled through the whole run.

let currentPhase = "start-up";
const memory = { peak: 0, phase: "", samples: 0 };
/** The sender's, when it runs apart (unless BENCH_SENDER=0). */
const senderMemory = { peak: 0, phase: "", samples: 0 };

function sampleMemory(pid: number, into = memory) {
  const timer = setInterval(() => {
    const rss = residentBytes(pid);
    if (!Number.isFinite(rss)) return;
    into.samples += 1;
    if (rss > into.peak) Object.assign(into, { peak: rss, phase: currentPhase });
  }, 200);
  timer.unref();
  return () => clearInterval(timer);
}

async function main() {
  const began = performance.now();
  const [load] = os.loadavg();
  console.log(`Undersigned benchmark: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, load average ${fixed(load, 2)}`);
  if (load > 0.5) console.log("  (the machine is busy with other work: figures will be lower and noisier; see the \"others\" column)");
  if (SCALE !== 1) console.log(`  (BENCH_SECONDS_SCALE=${SCALE}: phases are shortened; the issue's figures are taken at 1)`);
  console.log(SENDER_APART ? "  (the outbox is sent by the sender, a process of its own; BENCH_SENDER=0: by the app)" : "  (BENCH_SENDER=0: the app sends its own mail)");

  const buildDir = buildApp();

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-bench-"));
  temporaryDirs.push(work);
  const profileDir = process.env.BENCH_PROFILE === "1" ? fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-bench-profile-")) : undefined;

  // The SMTP server, in a process of its own.
  const smtp = await startSmtp(work);

  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const dataDir = path.join(work, "app");
  const appLog = path.join(work, "app.log");
  const app = await startApp({
    name: "The app",
    buildDir,
    port: appPort,
    publicUrl: appUrl,
    dataDir,
    databaseUrl: `file:${path.join(dataDir, "undersigned.db")}`,
    smtpPort: smtp.port,
    logFile: appLog,
    profileDir,
    outboxSender: !SENDER_APART,
  });
  // The outbox is sent by the sender, a process of its own (`npm run sender`), unless BENCH_SENDER=0.
  const sender = SENDER_APART
    ? await startApp({ name: "The sender", buildDir, port: appPort, publicUrl: appUrl, dataDir, databaseUrl: `file:${path.join(dataDir, "undersigned.db")}`, smtpPort: smtp.port, logFile: path.join(work, "sender.log"), sender: true })
    : undefined;
  const stopSampling = sampleMemory(app.pid);
  const stopSamplingSender = sender ? sampleMemory(sender.pid, senderMemory) : undefined;
  const startupRss = residentBytes(app.pid);
  const appServer = { url: appUrl, pid: app.pid };

  const letterTextId = await letterTextIdOf(appUrl);

  // The campaign page as a visitor's first request gets it, for the baseline to serve from memory.
  const campaignPage = await getRaw(`${appUrl}/c/${SLUG}`);
  if (campaignPage.status !== 200) throw new Error(`GET /c/${SLUG} answered ${campaignPage.status}`);
  if (campaignPage.headers["set-cookie"]) console.log("  (note: the campaign page set a cookie on an anonymous visit)");
  const pageFile = path.join(work, "campaign-page.json");
  fs.writeFileSync(pageFile, JSON.stringify({ status: campaignPage.status, headers: campaignPage.headers, body: campaignPage.body.toString("base64") }));

  const readAppLog = tailFile(appLog);
  const logged = { errors: 0, warnings: 0 };
  function readLog() {
    for (const line of readAppLog()) {
      let entry: { level?: number };
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      if ((entry.level ?? 0) >= 50) logged.errors += 1;
      else if (entry.level === 40) logged.warnings += 1;
    }
  }

  // The mails the SMTP server accepted: when, by recipient, and their links in arrival order.
  const readMailLog = tailFile(smtp.mailLog);
  const accepted = new Map<string, number[]>();
  const links: string[] = [];
  let mails = 0;
  function readMail() {
    for (const line of readMailLog()) {
      const mail = JSON.parse(line) as { at: number; to: string[]; link: string | null };
      mails += 1;
      for (const to of mail.to) accepted.set(to, [...(accepted.get(to) ?? []), mail.at]);
      if (mail.link) links.push(mail.link);
    }
  }

  /** Waits until every address in `signed` has a mail, or `limit` seconds have passed. */
  async function waitForMail(signed: Map<string, number>, limit: number) {
    currentPhase = "waiting for mail";
    const since = performance.now();
    let missing = signed.size;
    while (performance.now() - since < limit * 1000) {
      readMail();
      missing = 0;
      for (const email of signed.keys()) if (!accepted.has(email)) missing += 1;
      if (missing === 0) break;
      await sleep(200);
    }
    const waited = (performance.now() - since) / 1000;
    console.log(
      missing === 0
        ? `  … every mail accepted by the SMTP server (${signed.size}), the last ${fixed(waited)} s after the phase ended`
        : `  … ${missing} of ${signed.size} mails still not accepted after ${fixed(waited)} s; going on (they will be sent during the next phases)`,
    );
    return missing;
  }

  // The baseline runs beside the app, idle while the app is measured.
  const baselinePort = await freePort();
  const baseline = await startServer({
    name: "The baseline",
    args: ["--import", "tsx", "bench/baseline.ts"],
    env: { BASELINE_PORT: String(baselinePort), BASELINE_DATABASE_URL: `file:${path.join(work, "baseline", "baseline.db")}`, BASELINE_PAGE: pageFile },
    logFile: path.join(work, "baseline.log"),
    ready: "Baseline is listening",
  });
  const baselineServer = { url: `http://127.0.0.1:${baselinePort}`, pid: baseline.pid };

  const warmupSigned = new Map<string, number>();
  const burstSigned = new Map<string, number>();
  const appSigner = signer(letterTextId);
  const appSign = (signed: Map<string, number>) => ({ server: appServer, next: appSigner, answered: recordSigned(signed), expect: SIGNED });
  const baselineSign = { server: baselineServer, next: signer(letterTextId), expect: SIGNED };

  console.log(table.header);
  await runPhase({ ...appSign(warmupSigned), name: "app sign (warm-up)", duration: SECONDS.warmup });
  await runPhase({ ...baselineSign, name: "baseline sign (warm-up)", duration: SECONDS.warmup });
  await waitForMail(warmupSigned, SECONDS.warmupMail);

  const burstStarted = Date.now();
  const sign = await runPhase({ ...appSign(burstSigned), name: "app sign (the mail burst)", duration: SECONDS.sign });
  const burstEnded = Date.now();
  const mailOwed = await waitForMail(burstSigned, SECONDS.mail);
  const baselineSignResult = await runPhase({ ...baselineSign, name: "baseline sign", duration: SECONDS.baselineSign });

  readMail();
  if (links.length === 0) throw new Error("No confirmation link in the mails the SMTP server accepted");
  // Each link once, in the order the mails arrived; if they run out, the phase ends there.
  let linkIndex = 0;
  const verify = await runPhase({
    name: "app verify link",
    server: appServer,
    duration: SECONDS.verify,
    next: (_context, stop) => {
      if (linkIndex >= links.length) stop(); // the last requests in flight repeat a link
      return { method: "GET", path: links[Math.min(linkIndex++, links.length - 1)] };
    },
    expect: [200],
  });
  const linksOpened = Math.min(linkIndex, links.length);

  const pageRequest = (): LoadRequest => ({ method: "GET", path: `/c/${SLUG}` });
  const page = await runPhase({ name: "app campaign page", server: appServer, duration: SECONDS.page, next: pageRequest, expect: [200] });
  const barePage = await runPhase({ name: "baseline campaign page (bytes)", server: baselineServer, duration: SECONDS.barePage, next: pageRequest, expect: [200] });
  await baseline.stop();

  await sleep(1_500); // one counting batch, so the count read below includes the confirmations
  const count = await runPhase({
    name: "app count.json",
    server: appServer,
    duration: SECONDS.count,
    next: () => ({ method: "GET", path: `/c/${SLUG}/count.json` }),
    expect: [200],
  });
  const counted = (await fetch(`${appUrl}/c/${SLUG}/count.json`).then((res) => res.json())) as { count: number };
  // Mail still owed is awaited a little longer (the app's shutdown waits for the outbox's batch in hand).
  const signedAll = new Map([...warmupSigned, ...burstSigned]);
  readMail();
  if ([...signedAll.keys()].some((email) => !accepted.has(email))) await waitForMail(signedAll, SECONDS.finalMail);
  currentPhase = "shutdown";
  // The CPU profile is written only when the app exits of itself: give it time to.
  const grace = profileDir ? 120 : 30;
  const appStopped = await app.stop(grace * 1000);
  if (appStopped.killed) console.log(`  (the app did not stop within ${grace} s of SIGTERM and was killed${profileDir ? ": no CPU profile" : ""})`);
  else if (appStopped.seconds > 2) console.log(`  (the app took ${fixed(appStopped.seconds)} s to stop after SIGTERM)`);
  stopSampling();
  await sender?.stop(grace * 1000);
  stopSamplingSender?.();
  await smtp.stop();
  readLog();
  readMail();
  const lastLook = Date.now();

  // Mail: one per signature answered with a redirect, timed from the moment its request was sent.
  let received = 0;
  let duplicates = 0;
  for (const email of signedAll.keys()) {
    const times = accepted.get(email);
    if (times) received += 1;
    if (times && times.length > 1) duplicates += 1;
  }
  const unanswered = [...accepted.keys()].filter((email) => !signedAll.has(email)).length;
  const delays = Float64Array.from([...burstSigned].map(([email, sentAt]) => {
    const at = accepted.get(email)?.[0];
    return at === undefined ? Number.POSITIVE_INFINITY : at - sentAt;
  })).sort();
  const mailP50 = percentile(delays, 0.5);
  const mailP95 = percentile(delays, 0.95);
  const mailMax = percentile(delays, 1);
  // How fast the mail went out while the signing went on, and once it had stopped.
  const burstMail = [...burstSigned.keys()].flatMap((email) => accepted.get(email)?.slice(0, 1) ?? []);
  const duringBurst = burstMail.filter((at) => at <= burstEnded).length;
  const afterBurst = burstMail.filter((at) => at > burstEnded);
  const lastMail = Math.max(burstEnded, ...afterBurst);
  const mailFlow =
    `Mail of the burst: ${whole(duringBurst)} accepted while it went on (${whole(duringBurst / ((burstEnded - burstStarted) / 1000))}/s),` +
    ` ${whole(afterBurst.length)} after it ended (${afterBurst.length ? whole(afterBurst.length / ((lastMail - burstEnded) / 1000)) : "-"}/s)`;
  // A mail never received took longer than the time from the burst's end to the end of the run.
  const lateMail = (ms: number) => (Number.isFinite(ms) ? inSeconds(ms) : `> ${inSeconds(lastLook - burstEnded)} (never received)`);

  // Summary -------------------------------------------------------------------------------------
  const share = sign.rate / baselineSignResult.rate;
  const noErrors = (r: PhaseResult) => (r.errors === 0 ? "" : `, ${r.errors} errors`);
  const rows: [string, string, string, boolean][] = [
    [`sign submissions`, `≥ ${whole(TARGETS.signRate)}/s`, `${whole(sign.rate)}/s`, sign.rate >= TARGETS.signRate],
    [`  p99`, `≤ ${TARGETS.signP99} ms`, `${fixed(sign.p99)} ms`, sign.p99 <= TARGETS.signP99],
    [`  errors`, `0`, `${sign.errors}${sign.errorDetail ? ` (${sign.errorDetail})` : ""}`, sign.errors === 0],
    [
      `sign vs the bare baseline`,
      `≥ ${TARGETS.shareOfBaseline * 100} %`,
      `${fixed(share * 100)} % of ${whole(baselineSignResult.rate)}/s${mailOwed ? ` (the baseline shared the box with the app's outbox, ${whole(mailOwed)} mails behind)` : ""}`,
      share >= TARGETS.shareOfBaseline,
    ],
    [`confirmation links opened`, `≥ ${whole(TARGETS.verifyRate)}/s`, `${whole(verify.rate)}/s${noErrors(verify)}`, verify.rate >= TARGETS.verifyRate && verify.errors === 0],
    [`  p99`, `≤ ${TARGETS.verifyP99} ms`, `${fixed(verify.p99)} ms`, verify.p99 <= TARGETS.verifyP99],
    [
      `campaign page GET /c/{slug}`,
      `≥ ${whole(TARGETS.pageRate)}/s`,
      `${whole(page.rate)}/s${noErrors(page)} (bare node:http, same bytes: ${whole(barePage.rate)}/s)`,
      page.rate >= TARGETS.pageRate && page.errors === 0,
    ],
    [`  p99`, `≤ ${TARGETS.pageP99} ms`, `${fixed(page.p99)} ms`, page.p99 <= TARGETS.pageP99],
    [`count.json`, `≥ ${whole(TARGETS.countRate)}/s`, `${whole(count.rate)}/s${noErrors(count)}`, count.rate >= TARGETS.countRate && count.errors === 0],
    [`  p99`, `≤ ${TARGETS.countP99} ms`, `${fixed(count.p99)} ms`, count.p99 <= TARGETS.countP99],
    [
      `mail accepted by SMTP`,
      `every one`,
      `${whole(received)} of ${whole(signedAll.size)} signatures${duplicates ? `, ${duplicates} addresses got more than one` : ""}`,
      received === signedAll.size && duplicates === 0,
    ],
    [
      `  signing → SMTP acceptance, p95`,
      `≤ ${TARGETS.mailP95 / 1000} s`,
      `${lateMail(mailP95)} (p50 ${lateMail(mailP50)}, max ${lateMail(mailMax)}; ${whole(burstSigned.size)} in ${fixed(sign.seconds)} s)`,
      mailP95 <= TARGETS.mailP95,
    ],
    [`server memory, peak RSS`, `≤ ${TARGETS.rssMb} MB`, `${fixed(memory.peak / 2 ** 20, 0)} MB (during ${memory.phase || "-"}; ${fixed(startupRss / 2 ** 20, 0)} MB after start-up)`, memory.peak > 0 && memory.peak <= TARGETS.rssMb * 2 ** 20],
    ...(sender
      ? [[`  the sender's, peak RSS`, `≤ ${TARGETS.rssMb} MB`, `${fixed(senderMemory.peak / 2 ** 20, 0)} MB (during ${senderMemory.phase || "-"})`, senderMemory.peak > 0 && senderMemory.peak <= TARGETS.rssMb * 2 ** 20] as [string, string, string, boolean]]
      : []),
  ];

  console.log(`\ncpu ms/req: CPU time of the server process per response; others: cores busy meanwhile outside the server and the load generator (the SMTP server, other processes, kernel I/O)`);
  console.log(
    `App: ${whole(signedAll.size)} signatures answered with a redirect; ${whole(mails)} mails accepted (${unanswered} for requests in flight when a phase stopped);` +
      ` ${whole(linksOpened)} of ${whole(links.length)} links opened; count.json afterwards: ${whole(counted.count)}; server log: ${logged.errors} errors, ${logged.warnings} warnings`,
  );
  console.log(mailFlow);
  console.log(`\nTargets of issue 16, at ${CONNECTIONS} connections${SCALE !== 1 ? ` (BENCH_SECONDS_SCALE=${SCALE}: not the issue's phase lengths)` : ""}:`);
  const width = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length)), Math.max(...rows.map((r) => r[2].length))];
  console.log(`  ${"measure".padEnd(width[0])}  ${"target".padEnd(width[1])}  ${"measured".padEnd(width[2])}  result`);
  for (const [measure, target, figure, met] of rows) {
    console.log(`  ${measure.padEnd(width[0])}  ${target.padEnd(width[1])}  ${figure.padEnd(width[2])}  ${met ? "met" : "MISSED"}`);
  }

  if (profileDir) {
    const profile = fs.readdirSync(profileDir).find((file) => file.endsWith(".cpuprofile"));
    console.log(`\nCPU profile of the app server: ${profile ? path.join(profileDir, profile) : `none written in ${profileDir}`}`);
    const summarized = [[sign, 15], [verify, 8], [page, 8]] as const;
    for (const [phase, top] of profile ? summarized : []) {
      console.log(`Where the app server's main thread spent its time during "${phase.name}":`);
      for (const line of summarizeProfile(path.join(profileDir, profile ?? ""), phase.window, phase.responses, top)) console.log(line);
    }
  }
  console.log(`\nFinished in ${fixed((performance.now() - began) / 1000)} s`);
}

runMain(main);
