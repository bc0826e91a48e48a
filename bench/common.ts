// What the benchmarks share (bench/run.ts, `npm run bench`, and bench/postgres.ts, `npm run
// bench:pg`): the child processes they start and stop, CPU and memory read from /proc, the load
// driven with autocannon and the lines it prints, the build, the SMTP server and the app.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { freePort } from "../tests/helpers/ports";

export const root = path.resolve(import.meta.dirname, "..");
export const SLUG = "co-production-wales";
export const CONNECTIONS = 32;
export const SCALE = Number(process.env.BENCH_SECONDS_SCALE ?? "1");
if (!(SCALE > 0)) throw new Error("BENCH_SECONDS_SCALE must be a number above 0, like 0.2");
export const scaled = (seconds: number, floor = 0.5) => Math.max(floor, Math.round(seconds * SCALE * 10) / 10);

export interface LoadRequest {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What a phase's requests remember between being sent and being answered (one per connection). */
export type RequestContext = Record<string, unknown>;

/** An app (or baseline) process the load goes to. */
export interface Target {
  url: string;
  pid: number;
}

export interface PhaseResult {
  name: string;
  /** CPU time the server processes spent per response (user + system, all of them), in ms. */
  serverCpuMs: number;
  /** CPU time the PostgreSQL server (its postmaster and the processes it started) spent per response, in ms; NaN without one. */
  databaseCpuMs: number;
  /** CPU used meanwhile outside the server processes, PostgreSQL and the load generator (the SMTP server, other processes, kernel I/O), in cores. */
  otherCores: number;
  connections: number;
  responses: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  /** What the errors were: unexpected statuses, connection errors, timeouts. */
  errorDetail: string;
  /** How many responses had an expected status. */
  ok: number;
  /** When the phase ran, on the monotonic clock in µs (as V8's CPU profiles stamp samples). */
  window: { from: number; to: number };
}

// ---------------------------------------------------------------------------------------------
// Child processes: every one is killed when the benchmark ends, however it ends, and the
// temporary folders are removed.

const children = new Set<ChildProcess>();
export const temporaryDirs: string[] = [];
const exitHooks: (() => void)[] = [];

/** Runs `hook` when the benchmark ends, however it ends (after the child processes are killed). */
export function atExit(hook: () => void) {
  exitHooks.push(hook);
}

process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const hook of exitHooks) hook();
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

/** Runs a benchmark's main and exits with 0, or prints its error and exits with 1. */
export function runMain(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export { freePort };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

// CPU and memory from /proc (Linux; elsewhere the columns stay empty). The machine may be shared,
// so each phase also says how much CPU other processes took while it ran.
const TICK_MS = 10; // USER_HZ is 100 on Linux

export function processCpuMs(pid: number) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
  } catch {
    return Number.NaN;
  }
}

export function machineCpuMs() {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    return (user + nice + system + irq + softirq + steal) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

/** A process and its children (PostgreSQL's postmaster and its backends), by their parent in /proc. */
function processTree(parent: number) {
  const pids = [parent];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === parent) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU so far of the server processes, and of PostgreSQL's processes alive now (a backend that exited takes its CPU with it). */
export function cpuSnapshot(pids: number[], databasePid?: number) {
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    machine: machineCpuMs(),
    servers: pids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    database: databasePid ? new Map(processTree(databasePid).map((pid) => [pid, processCpuMs(pid)])) : new Map<number, number>(),
    self: (own.user + own.system) / 1000,
  };
}

export function residentBytes(pid: number) {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Reads the lines a process has added to a file since the last call. */
export function tailFile(file: string) {
  let offset = 0;
  let partial = "";
  return () => {
    if (!fs.existsSync(file)) return [];
    const fd = fs.openSync(file, "r");
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return [];
      const chunk = Buffer.alloc(size - offset);
      fs.readSync(fd, chunk, 0, chunk.length, offset);
      offset = size;
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      return lines;
    } finally {
      fs.closeSync(fd);
    }
  };
}

/**
 * Starts a process with its output going to a log file (so a busy benchmark never makes it wait
 * on a pipe) and resolves once the log says it is listening.
 */
export async function startServer({ name, args, env, logFile, ready }: { name: string; args: string[]; env: Record<string, string>; logFile: string; ready: string }) {
  const log = fs.openSync(logFile, "w");
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: "production", ...env };
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (fs.readFileSync(logFile, "utf8").includes(ready)) break;
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      throw new Error(`${name} did not start:\n${fs.readFileSync(logFile, "utf8").slice(-4000)}`);
    }
    await sleep(100);
  }
  return {
    pid: child.pid ?? 0,
    /** Asks the process to stop (SIGTERM), kills it after `graceMs`; says how long it took. */
    async stop(graceMs = 15_000) {
      const at = performance.now();
      let killed = false;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => {
          killed = true;
          child.kill("SIGKILL");
        }, graceMs);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
      return { seconds: (performance.now() - at) / 1000, killed };
    },
  };
}

/** Node's flags in `npm start` (package.json), so the app is measured as it runs in production. */
function startFlags() {
  const start = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  return start.match(/(?<=^node\s.*)--[\w-]+(?:=\S+)?/g) ?? [];
}

/**
 * A build of its own (as the tests do), so nobody's running server has its files swapped; or,
 * with BENCH_SKIP_BUILD=1, an existing one (BUILD_DIR if set, else build/). Returns its folder.
 */
export function buildApp() {
  let buildDir = path.resolve(root, process.env.BUILD_DIR || "build");
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    const at = performance.now();
    buildDir = path.join(root, ".cache", `bench-build-${process.pid}`);
    temporaryDirs.push(buildDir);
    const built = spawnSync("npx", ["remix", "vite:build"], { cwd: root, encoding: "utf8", env: { ...process.env, BUILD_DIR: buildDir } });
    if (built.status !== 0) {
      console.error(built.stdout, built.stderr);
      throw new Error("The build failed");
    }
    console.log(`Built the app in ${fixed((performance.now() - at) / 1000)} s`);
  }
  return buildDir;
}

/** The SMTP server (bench/smtp.ts), in a process of its own, logging each mail it accepts to `mailLog`. */
export async function startSmtp(work: string) {
  const port = await freePort();
  const mailLog = path.join(work, "mail.jsonl");
  const server = await startServer({
    name: "The SMTP server",
    args: ["--import", "tsx", "bench/smtp.ts"],
    env: { BENCH_SMTP_PORT: String(port), BENCH_MAIL_LOG: mailLog },
    logFile: path.join(work, "smtp.log"),
    ready: "SMTP server is listening",
  });
  return { ...server, port, mailLog };
}

/** An app process (server.js) started with npm start's flags, the demo campaign seeded, behind a proxy, its mail to `smtpPort`. */
export function startApp(options: {
  name: string;
  buildDir: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string;
  smtpPort: number;
  logFile: string;
  /** Run under `node --cpu-prof`, writing the profile here. */
  profileDir?: string;
  /** The sender (`npm run sender`) rather than an app process: the outbox's mail, no pages. */
  sender?: boolean;
  /** App processes that leave the outbox to the sender (OUTBOX_SENDER=0). */
  outboxSender?: boolean;
}) {
  return startServer({
    name: options.name,
    args: [...startFlags(), ...(options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : []), options.sender ? "sender.js" : "server.js"],
    env: {
      OUTBOX_SENDER: options.outboxSender === false ? "0" : "1",
      BUILD_DIR: options.buildDir,
      PORT: String(options.port),
      PUBLIC_URL: options.publicUrl,
      DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseUrl,
      SEED_DEMO: "true",
      TRUST_PROXY: "1",
      LOG_LEVEL: "info",
      SMTP_URL: `smtp://127.0.0.1:${options.smtpPort}`,
    },
    logFile: options.logFile,
    ready: options.sender ? "Undersigned is sending" : "Undersigned is listening",
  });
}

/** The form carries the id of the letter text on screen; sign with the one the page gives. */
export async function letterTextIdOf(appUrl: string) {
  const signPage = await fetch(`${appUrl}/c/${SLUG}/sign`).then((res) => res.text());
  const letterTextId = /name="letterTextId" value="(\d+)"/.exec(signPage)?.[1];
  if (!letterTextId) throw new Error("The sign page has no letterTextId field");
  return letterTextId;
}

/** One GET as autocannon sends it (no Accept-Encoding, no cookies): status, headers and bytes. */
export function getRaw(url: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

// ---------------------------------------------------------------------------------------------
// Load

export function percentile(sorted: Float64Array, q: number) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export interface PhaseOptions {
  name: string;
  targets: Target[];
  /** PostgreSQL's postmaster, whose processes' CPU is counted apart. */
  databasePid?: number;
  duration: number;
  /** Builds each request; may note in its connection's context what it sent, or end the phase early with `stop`. */
  next: (context: RequestContext, stop: () => void) => LoadRequest;
  /** Hears each response with its connection's context. */
  answered?: (status: number, context: RequestContext) => void;
  expect: number[];
  /** The phase's line in the benchmark's table, printed when it ends. */
  line: (phase: PhaseResult) => string;
}

/**
 * Drives one phase with autocannon: the connections split evenly over the targets, one instance
 * each, all at once. Latencies and statuses are taken from every response (so a 302 counts as
 * much as a 200, and the percentiles are over all the requests of all instances, exactly), and
 * the rate is responses over the time to the last response.
 */
export async function runPhase({ name, targets, databasePid, duration, next, answered, expect, line }: PhaseOptions): Promise<PhaseResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const pids = targets.map((target) => target.pid);
  const before = cpuSnapshot(pids, databasePid);
  const from = monotonicUs();
  const started = performance.now();
  let last = started;
  // `next` may ask to stop while autocannon is still being set up (its first requests are built then).
  const instances: autocannon.Instance[] = [];
  let stopped = false;
  const stop = () => {
    if (!stopped) for (const instance of instances) instance.stop();
    stopped = true;
  };
  const results = await Promise.all(
    targets.map((target, index) => {
      // 32 over two: 16 each; an odd remainder goes to the first.
      const connections = Math.floor(CONNECTIONS / targets.length) + (index < CONNECTIONS % targets.length ? 1 : 0);
      const instance = autocannon({
        url: target.url,
        connections,
        duration,
        timeout: 10,
        requests: [
          {
            setupRequest: (request, context) => ({ ...request, ...next(context as RequestContext, stop) }),
            onResponse: answered ? (status, _body, context) => answered(status, context as RequestContext) : undefined,
          },
        ],
      }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
      instances.push(instance);
      if (stopped) instance.stop();
      instance.on("response", (_client, status, _bytes, ms) => {
        latencies.push(ms);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        last = performance.now();
      });
      return instance;
    }),
  );
  const after = cpuSnapshot(pids, databasePid);
  const to = monotonicUs();

  const sorted = Float64Array.from(latencies).sort();
  const ok = expect.reduce((sum, status) => sum + (statuses.get(status) ?? 0), 0);
  const unexpected = [...statuses].filter(([status]) => !expect.includes(status));
  const errors = results.reduce((sum, result) => sum + result.errors, 0);
  const timeouts = results.reduce((sum, result) => sum + result.timeouts, 0);
  const connectionErrors = errors - timeouts;
  const detail = [
    ...unexpected.map(([status, n]) => `${n}×${status}`),
    ...(timeouts ? [`${timeouts} timeouts`] : []),
    ...(connectionErrors ? [`${connectionErrors} connection errors`] : []),
  ];
  const seconds = (last - started) / 1000;
  const serverCpu = after.servers - before.servers;
  // Over the processes alive at both ends (a backend started meanwhile counts from zero).
  let databaseCpu = 0;
  for (const [pid, cpu] of after.database) if (Number.isFinite(cpu)) databaseCpu += cpu - (before.database.get(pid) ?? 0);
  const otherCpu = after.machine - before.machine - serverCpu - databaseCpu - (after.self - before.self);
  const phase: PhaseResult = {
    name,
    serverCpuMs: serverCpu / latencies.length,
    databaseCpuMs: databasePid ? databaseCpu / latencies.length : Number.NaN,
    otherCores: Math.max(0, otherCpu / (after.at - before.at)),
    connections: CONNECTIONS,
    responses: latencies.length,
    seconds,
    rate: latencies.length / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    errors: latencies.length - ok + errors,
    errorDetail: detail.join(", "),
    ok,
    window: { from, to },
  };
  console.log(line(phase));
  return phase;
}

/** The sign action answers a signature with a redirect to "check your email". */
export const SIGNED = [302, 303];

/**
 * Supporters signing from the form, each with an address and (behind the proxy) an IP of their
 * own; the address names `tag` if given (so each set-up's mail is told apart). Each request's
 * address and send time go into its connection's context.
 */
export function signer(letterTextId: string, tag?: string) {
  let n = 0;
  return (context: RequestContext): LoadRequest => {
    n += 1;
    const email = tag ? `signer-${tag}-${n}@bench.example` : `signer-${n}@bench.example`;
    context.email = email;
    context.sentAt = Date.now();
    const body = new URLSearchParams({
      letterTextId,
      website: "",
      name: `Bench Signer ${n}`,
      email,
      signerType: "individual",
      organisation: "",
      role: "",
      location: "Cardiff",
      comment: "",
      showName: "on",
    }).toString();
    return {
      method: "POST",
      path: `/c/${SLUG}/sign`,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      },
      body,
    };
  };
}

// ---------------------------------------------------------------------------------------------
// Output

export const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
export const whole = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-GB") : "-");

/** The table of phases: its header and a phase's line, the phase's name `nameWidth` wide, with or without PostgreSQL's CPU column. */
export function phaseTable(nameWidth: number, databaseColumn: boolean) {
  const columns: [string, number, (r: PhaseResult) => string][] = [
    ["conns", 5, (r) => String(r.connections)],
    ["requests", 8, (r) => String(r.responses)],
    ["req/s", 8, (r) => fixed(r.rate, 0)],
    ["p50 ms", 8, (r) => fixed(r.p50, 2)],
    ["p99 ms", 8, (r) => fixed(r.p99, 2)],
    ["errors", 7, (r) => String(r.errors)],
    ["cpu ms/req", 10, (r) => fixed(r.serverCpuMs, 2)],
    ...(databaseColumn ? [["pg ms/req", 8, (r: PhaseResult) => fixed(r.databaseCpuMs, 2)] as [string, number, (r: PhaseResult) => string]] : []),
    ["others", 7, (r) => fixed(r.otherCores, 2)],
  ];
  return {
    header: ["phase".padEnd(nameWidth), ...columns.map(([title, width]) => title.padStart(width))].join(" "),
    line: (r: PhaseResult) =>
      [r.name.padEnd(nameWidth), ...columns.map(([, width, cell]) => cell(r).padStart(width)), r.errorDetail ? `  (${r.errorDetail})` : ""].join(" "),
  };
}
