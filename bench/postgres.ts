// `npm run bench:pg`: issue 17's figures. The same build of the app measured in three set-ups, each
// on a fresh database, one after the other in one run:
//   sqlite       one app process on SQLite (WAL, synchronous=FULL: db/connection.ts)
//   pg ×1        one app process on PostgreSQL
//   pg ×2        two app processes on one PostgreSQL database, each on its own port, sharing one
//                DATA_DIR (it holds the session secret and the pack key, which processes share)
// PostgreSQL is a server of the run's own (tests/helpers/postgres-server.ts: Debian's postgresql,
// its own data directory and port) with its durable settings, fsync and synchronous_commit on:
// the production counterpart of SQLite's synchronous=FULL. It is stopped when the run ends,
// however it ends. Every mail goes to a real SMTP server in a process of its own (bench/smtp.ts).
//
// Each set-up, at 32 connections in all (with two processes, 16 to each, from two autocannon
// instances at once; their rates are added and p50/p99 are taken over every response of both):
//   warm-up     sign, 3 s
//   sign        sign, 20 s: supporters with an address and (behind the proxy) an IP of their own
//   count.json  GET /c/{slug}/count.json, 10 s
//   mail        up to 20 s more for the set-up's mail, then how much the SMTP server accepted
// then the processes are stopped and the database is read: signatures stored and outbox rows, to
// set beside the signatures answered with a redirect. The table of figures comes last.
//
// Knobs (environment), as for `npm run bench` (bench/run.ts):
//   BENCH_SKIP_BUILD=1       use an existing build (BUILD_DIR if set, else build/)
//   BENCH_SECONDS_SCALE=0.2  multiply every phase's length and the mail wait by this
//   BENCH_SETUPS=sqlite,pg1  only these set-ups (of sqlite, pg1, pg2)
//   BENCH_PROFILE=1          run the app processes under `node --cpu-prof` and print where each
//                            one's main thread spent its time during the sign phase (bench/profile.ts)
// At scale 1 the run takes about three minutes, build included.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { openDatabase } from "../db/connection";
import { type PostgresServer, startPostgres } from "../tests/helpers/postgres-server";
import {
  atExit,
  buildApp,
  CONNECTIONS,
  fixed,
  freePort,
  letterTextIdOf,
  type PhaseResult,
  phaseTable,
  type RequestContext,
  runMain,
  runPhase,
  SCALE,
  scaled,
  SIGNED,
  signer,
  SLUG,
  sleep,
  startApp,
  startSmtp,
  tailFile,
  type Target,
  temporaryDirs,
  whole,
} from "./common";
import { summarizeProfile } from "./profile";

const SECONDS = {
  warmup: scaled(3),
  sign: scaled(20),
  count: scaled(10),
  /** How long to wait for a set-up's mail once its load has stopped, before stopping it. */
  mail: scaled(20, 5),
};

interface SetUp {
  key: "sqlite" | "pg1" | "pg2";
  label: string;
  engine: "sqlite" | "postgres";
  processes: number;
}

const ALL_SETUPS: SetUp[] = [
  { key: "sqlite", label: "SQLite, 1 process", engine: "sqlite", processes: 1 },
  { key: "pg1", label: "PostgreSQL, 1 process", engine: "postgres", processes: 1 },
  { key: "pg2", label: "PostgreSQL, 2 processes", engine: "postgres", processes: 2 },
];

// ---------------------------------------------------------------------------------------------
// The PostgreSQL server: stopped when the benchmark ends, however it ends (bench/common.ts kills
// the child processes).

let postgres: PostgresServer | undefined;
atExit(() => {
  try {
    postgres?.stop();
  } catch (error) {
    console.error("Could not stop the PostgreSQL server:", error);
  }
});

// ---------------------------------------------------------------------------------------------
// Output

const table = phaseTable(34, true);

// ---------------------------------------------------------------------------------------------

interface SetUpResult {
  setUp: SetUp;
  sign: PhaseResult;
  count: PhaseResult;
  answered: number;
  mailAccepted: number;
  mailWaited: number;
  stored: number;
  outbox: number;
  outboxSent: number;
  logErrors: number;
  killed: number;
}

async function main() {
  const began = performance.now();
  const [load, load5] = os.loadavg();
  console.log(
    `Undersigned benchmark on PostgreSQL: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, load average ${fixed(load, 2)} (5 min ${fixed(load5, 2)}), ${new Date().toISOString()}`,
  );
  if (load > 0.5) console.log("  (the machine is busy with other work: figures will be lower and noisier; see the \"others\" column)");
  if (SCALE !== 1) console.log(`  (BENCH_SECONDS_SCALE=${SCALE}: phases are shortened)`);
  const wanted = process.env.BENCH_SETUPS?.split(",").map((s) => s.trim());
  const setUps = wanted ? ALL_SETUPS.filter((s) => wanted.includes(s.key)) : ALL_SETUPS;
  if (setUps.length === 0) throw new Error("BENCH_SETUPS names none of sqlite, pg1, pg2");

  const buildDir = buildApp();

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-bench-pg-"));
  temporaryDirs.push(work);

  const smtp = await startSmtp(work);
  const readMailLog = tailFile(smtp.mailLog);
  const accepted = new Set<string>();
  const readMail = () => {
    for (const line of readMailLog()) for (const to of (JSON.parse(line) as { to: string[] }).to) accepted.add(to);
  };

  let postmasterPid: number | undefined;
  if (setUps.some((s) => s.engine === "postgres")) {
    const port = await freePort();
    const at = performance.now();
    postgres = await startPostgres({ port, fast: false });
    const admin = new pg.Client({ connectionString: `${postgres.url}/postgres` });
    await admin.connect();
    const settings = await admin.query<{ name: string; setting: string }>(
      "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'server_version', 'data_directory') order by name",
    );
    await admin.end();
    const dataDirectory = settings.rows.find((r) => r.name === "data_directory")?.setting;
    postmasterPid = Number(fs.readFileSync(path.join(dataDirectory ?? "", "postmaster.pid"), "utf8").split("\n")[0]);
    console.log(`PostgreSQL started in ${fixed((performance.now() - at) / 1000)} s: ${settings.rows.filter((r) => r.name !== "data_directory").map((r) => `${r.name}=${r.setting}`).join(", ")}`);
  }

  const results: SetUpResult[] = [];
  for (const setUp of setUps) {
    console.log(`\n${setUp.label}`);
    let databaseUrl: string;
    if (setUp.engine === "postgres") {
      const name = `bench_${setUp.key}`;
      const admin = new pg.Client({ connectionString: `${postgres!.url}/postgres` });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      databaseUrl = `${postgres!.url}/${name}`;
    } else {
      databaseUrl = `file:${path.join(work, setUp.key, "undersigned.db")}`;
    }
    // One DATA_DIR for the set-up's processes: they share the session secret and the pack key.
    const dataDir = path.join(work, setUp.key);
    const profileDir = process.env.BENCH_PROFILE === "1" ? path.join(work, `profile-${setUp.key}`) : undefined;
    const apps: { stop: (graceMs?: number) => Promise<{ killed: boolean }>; pid: number; log: string }[] = [];
    const targets: Target[] = [];
    // One after the other: the first migrates the new database and seeds the demo campaign.
    for (let i = 0; i < setUp.processes; i += 1) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const log = path.join(work, `app-${setUp.key}-${i + 1}.log`);
      const app = await startApp({
        name: `App process ${i + 1} (${setUp.label})`,
        buildDir,
        port,
        publicUrl: targets[0]?.url ?? url,
        dataDir,
        databaseUrl,
        smtpPort: smtp.port,
        logFile: log,
        profileDir,
      });
      apps.push({ ...app, log });
      targets.push({ url, pid: app.pid });
    }

    const letterTextId = await letterTextIdOf(targets[0].url);

    const signed = new Set<string>();
    const databasePid = setUp.engine === "postgres" ? postmasterPid : undefined;
    const sign = {
      targets,
      databasePid,
      next: signer(letterTextId, setUp.key),
      answered: (status: number, context: RequestContext) => {
        if (SIGNED.includes(status)) signed.add(context.email as string);
      },
      expect: SIGNED,
      line: table.line,
    };
    console.log(table.header);
    await runPhase({ ...sign, name: `${setUp.key} sign (warm-up)`, duration: SECONDS.warmup });
    const signResult = await runPhase({ ...sign, name: `${setUp.key} sign`, duration: SECONDS.sign });
    const count = await runPhase({
      name: `${setUp.key} count.json`,
      targets,
      databasePid,
      duration: SECONDS.count,
      next: () => ({ method: "GET", path: `/c/${SLUG}/count.json` }),
      expect: [200],
      line: table.line,
    });

    // The set-up's mail: how much has been accepted once its load stopped, and after a short wait.
    const missing = () => {
      readMail();
      let n = 0;
      for (const email of signed) if (!accepted.has(email)) n += 1;
      return n;
    };
    const since = performance.now();
    const owedAtEnd = missing();
    while (missing() > 0 && performance.now() - since < SECONDS.mail * 1000) await sleep(200);
    const mailWaited = (performance.now() - since) / 1000;
    const mailAccepted = signed.size - missing();
    console.log(
      `  mail: ${whole(signed.size - owedAtEnd)} of ${whole(signed.size)} accepted when the load stopped, ${whole(mailAccepted)} after ${fixed(mailWaited)} s more`,
    );

    let killed = 0;
    for (const app of apps) if ((await app.stop(profileDir ? 120_000 : 30_000)).killed) killed += 1;
    for (const profile of profileDir && fs.existsSync(profileDir) ? fs.readdirSync(profileDir).filter((file) => file.endsWith(".cpuprofile")) : []) {
      console.log(`  where an app process's main thread spent its time during "${signResult.name}" (${profile}):`);
      const share = signResult.responses / setUp.processes;
      for (const line of summarizeProfile(path.join(profileDir!, profile), signResult.window, share, 15)) console.log(line);
    }
    let logErrors = 0;
    for (const app of apps) {
      for (const line of fs.readFileSync(app.log, "utf8").split("\n")) {
        try {
          if (((JSON.parse(line) as { level?: number }).level ?? 0) >= 50) logErrors += 1;
        } catch {
          // not a log entry
        }
      }
    }

    // What the database holds: every answered signature stored once, one mail queued for each.
    const db = openDatabase(databaseUrl, { poolSize: 1 });
    const bench = "%@bench.example";
    const counted = async (query: Promise<{ n: number | string | bigint }>) => Number((await query).n);
    const stored = await counted(db.selectFrom("signatures").select((eb) => eb.fn.countAll<number>().as("n")).where("email", "like", bench).executeTakeFirstOrThrow());
    const outbox = await counted(db.selectFrom("outbox").select((eb) => eb.fn.countAll<number>().as("n")).where("recipient", "like", bench).executeTakeFirstOrThrow());
    const outboxSent = await counted(
      db.selectFrom("outbox").select((eb) => eb.fn.countAll<number>().as("n")).where("recipient", "like", bench).where("status", "=", "sent").executeTakeFirstOrThrow(),
    );
    await db.destroy();
    console.log(
      `  database: ${whole(stored)} signatures stored, ${whole(outbox)} outbox rows (${whole(outboxSent)} sent) for ${whole(signed.size)} signatures answered with a redirect` +
        `; app log: ${logErrors} errors${killed ? `; ${killed} process(es) killed after not stopping` : ""}`,
    );
    results.push({
      setUp,
      sign: signResult,
      count,
      answered: signed.size,
      mailAccepted,
      mailWaited,
      stored,
      outbox,
      outboxSent,
      logErrors,
      killed,
    });
  }

  await smtp.stop(30_000);
  postgres?.stop();
  postgres = undefined;

  // Summary: a measure a row, a set-up a column. A signature whose request was in flight when a
  // sign phase stopped (up to one a connection, two sign phases) is stored but its answer unheard;
  // every stored signature has its one confirmation mail queued.
  const consistent = (r: SetUpResult) => r.stored >= r.answered && r.stored - r.answered <= 2 * CONNECTIONS && r.outbox === r.stored;
  const errorsOf = (r: PhaseResult) => `${r.errors}${r.errorDetail ? ` (${r.errorDetail})` : ""}`;
  const rows: [string, (r: SetUpResult) => string][] = [
    ["sign/s", (r) => `${whole(r.sign.rate)}/s`],
    ["  p50", (r) => `${fixed(r.sign.p50)} ms`],
    ["  p99", (r) => `${fixed(r.sign.p99)} ms`],
    ["  errors, non-2xx/3xx", (r) => errorsOf(r.sign)],
    ["  app CPU per signature", (r) => `${fixed(r.sign.serverCpuMs, 2)} ms`],
    ["  PostgreSQL CPU per signature", (r) => (r.setUp.engine === "postgres" ? `${fixed(r.sign.databaseCpuMs, 2)} ms` : "-")],
    ["  other cores busy", (r) => fixed(r.sign.otherCores, 2)],
    ["count.json/s", (r) => `${whole(r.count.rate)}/s`],
    ["  p99", (r) => `${fixed(r.count.p99)} ms`],
    ["  errors, non-2xx/3xx", (r) => errorsOf(r.count)],
    ["signatures answered 302/303", (r) => whole(r.answered)],
    ["  stored", (r) => `${whole(r.stored)} (${consistent(r) ? "consistent" : "INCONSISTENT"})`],
    ["  outbox rows (sent)", (r) => `${whole(r.outbox)} (${whole(r.outboxSent)})`],
    ["  mail accepted by SMTP", (r) => `${whole(r.mailAccepted)} (+${fixed(r.mailWaited, 0)} s)`],
    ["app log errors", (r) => String(r.logErrors)],
  ];
  console.log(
    `\ncpu ms/req: CPU time of the app processes per response; pg ms/req: of PostgreSQL's processes; others: cores busy meanwhile outside those and the load generator (the SMTP server, other processes, kernel I/O)`,
  );
  console.log(`\nAt ${CONNECTIONS} connections in all (split evenly over the processes)${SCALE !== 1 ? ` (BENCH_SECONDS_SCALE=${SCALE})` : ""}:`);
  const first = Math.max(...rows.map((row) => row[0].length));
  const cells = rows.map(([, cell]) => results.map(cell));
  const widths = results.map((r, i) => Math.max(r.setUp.label.length, ...cells.map((row) => row[i].length)));
  console.log(`  ${"measure".padEnd(first)}  ${results.map((r, i) => r.setUp.label.padEnd(widths[i])).join("  ")}`);
  rows.forEach(([measure], row) => console.log(`  ${measure.padEnd(first)}  ${cells[row].map((cell, i) => cell.padEnd(widths[i])).join("  ")}`));
  console.log(
    `  (consistent: stored = answered + at most ${2 * CONNECTIONS} whose answer came after their phase stopped, and one outbox row a stored signature;` +
      ` p50/p99 are over every response of both processes' load; mail accepted counts answered signatures, after the wait in brackets)`,
  );
  console.log(`\nFinished in ${fixed((performance.now() - began) / 1000)} s; load average now ${os.loadavg().map((l) => fixed(l, 2)).join(", ")}`);
}

runMain(main);
