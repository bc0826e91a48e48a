// `npm run bench`: how many signatures the built app takes per second, how fast their links are
// confirmed and how fast the count is served, next to a bare baseline (bench/baseline.ts) doing
// the same validation and transaction. It prints figures and asserts nothing.
//
// Both servers run as child processes on fresh databases in a temporary folder, with the
// production durability setting (db/connection.ts). All load goes to 127.0.0.1 (the baseline
// listens there only; server.js listens on every interface, which the benchmark does not change).
//   BENCH_SKIP_BUILD=1  use the existing build/ instead of building one of its own first
//   BENCH_PROFILE=1     write a CPU profile of the app server (node --cpu-prof) and keep it
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";

const root = path.resolve(import.meta.dirname, "..");
const SLUG = "co-production-wales";
const CONNECTIONS = 10;
const BUSY_CONNECTIONS = 50;
const SECONDS = { warmup: 3, sign: 20, busySign: 8, verify: 12, count: 12, busyCount: 5 };
const MAIL_TIMEOUT_MS = 60_000;

const TARGETS = { signRate: 1_000, signP99: 100, shareOfBaseline: 0.4, countRate: 5_000 };

interface LoadRequest {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface PhaseResult {
  name: string;
  /** CPU time the server process spent per response (user + system), in ms. */
  serverCpuMs: number;
  /** CPU used meanwhile outside the server and the load generator (other processes, kernel I/O), in cores. */
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
  /** How many responses had the expected status. */
  ok: number;
}

// ---------------------------------------------------------------------------------------------
// Child processes: every one is killed when the benchmark ends, however it ends.

const children = new Set<ChildProcess>();
const temporaryDirs: string[] = [];

process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// CPU accounting from /proc (Linux; elsewhere the columns stay empty). The machine may be shared,
// so each phase also says how much CPU other processes took while it ran.
const TICK_MS = 10; // USER_HZ is 100 on Linux

function processCpuMs(pid: number) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
  } catch {
    return Number.NaN;
  }
}

function machineCpuMs() {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    return (user + nice + system + irq + softirq + steal) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

function cpuSnapshot(serverPid: number) {
  const own = process.cpuUsage();
  return { at: performance.now(), machine: machineCpuMs(), server: processCpuMs(serverPid), self: (own.user + own.system) / 1000 };
}

/** Reads the lines a process has added to its log file since the last call. */
function tailFile(file: string) {
  let offset = 0;
  let partial = "";
  return () => {
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
async function startServer({ name, args, env, logFile, ready }: { name: string; args: string[]; env: Record<string, string>; logFile: string; ready: string }) {
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
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Load

function percentile(sorted: Float64Array, q: number) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Drives one phase with autocannon. Latencies and statuses are taken from every response (so a
 * 302 counts as much as a 200), and the rate is responses over the time to the last response.
 */
async function runPhase({
  name,
  server,
  connections,
  duration,
  next,
  expect,
}: {
  name: string;
  server: { url: string; pid: number };
  connections: number;
  duration: number;
  next: () => LoadRequest;
  expect: number;
}): Promise<PhaseResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const before = cpuSnapshot(server.pid);
  const started = performance.now();
  let last = started;
  const instance = autocannon({
    url: server.url,
    connections,
    duration,
    timeout: 10,
    requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  instance.on("response", (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    last = performance.now();
  });
  const result = await instance;
  const after = cpuSnapshot(server.pid);

  const sorted = Float64Array.from(latencies).sort();
  const ok = statuses.get(expect) ?? 0;
  const unexpected = [...statuses].filter(([status]) => status !== expect);
  const connectionErrors = result.errors - result.timeouts;
  const detail = [
    ...unexpected.map(([status, n]) => `${n}×${status}`),
    ...(result.timeouts ? [`${result.timeouts} timeouts`] : []),
    ...(connectionErrors ? [`${connectionErrors} connection errors`] : []),
  ];
  const seconds = (last - started) / 1000;
  const serverCpu = after.server - before.server;
  const otherCpu = after.machine - before.machine - serverCpu - (after.self - before.self);
  return {
    name,
    serverCpuMs: serverCpu / latencies.length,
    otherCores: Math.max(0, otherCpu / (after.at - before.at)),
    connections,
    responses: latencies.length,
    seconds,
    rate: latencies.length / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    errors: latencies.length - ok + result.errors,
    errorDetail: detail.join(", "),
    ok,
  };
}

/** A supporter signing from the form, with an address and (behind the proxy) an IP of their own. */
function signRequests(letterTextId: string) {
  let n = 0;
  return (): LoadRequest => {
    n += 1;
    const body = new URLSearchParams({
      letterTextId,
      website: "",
      name: `Bench Signer ${n}`,
      email: `signer-${n}@bench.example`,
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

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

function phaseLine(r: PhaseResult) {
  return [
    r.name.padEnd(28),
    String(r.connections).padStart(5),
    String(r.responses).padStart(8),
    fixed(r.rate, 0).padStart(8),
    fixed(r.p50, 2).padStart(8),
    fixed(r.p99, 2).padStart(8),
    String(r.errors).padStart(7),
    fixed(r.serverCpuMs, 2).padStart(10),
    fixed(r.otherCores, 2).padStart(7),
    r.errorDetail ? `  (${r.errorDetail})` : "",
  ].join(" ");
}

const header = [
  "phase".padEnd(28),
  "conns".padStart(5),
  "requests".padStart(8),
  "req/s".padStart(8),
  "p50 ms".padStart(8),
  "p99 ms".padStart(8),
  "errors".padStart(7),
  "cpu ms/req".padStart(10),
  "others".padStart(7),
].join(" ");

function report(r: PhaseResult) {
  console.log(phaseLine(r));
  return r;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const began = performance.now();
  const [load] = os.loadavg();
  console.log(`Undersigned benchmark: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, load average ${fixed(load, 2)}`);
  if (load > 0.5) console.log("  (the machine is busy with other work: figures will be lower and noisier; see the \"others\" column)");

  // A build of its own (as the tests do), so nobody's running server has its files swapped.
  let buildDir = path.join(root, "build");
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

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-bench-"));
  temporaryDirs.push(work);
  const profileDir = process.env.BENCH_PROFILE === "1" ? fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-bench-profile-")) : undefined;
  console.log(`Data in ${work} (SQLite WAL, synchronous=FULL, as in db/connection.ts)\n`);

  // The app --------------------------------------------------------------------------------------
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const dataDir = path.join(work, "app");
  const appLog = path.join(work, "app.log");
  const app = await startServer({
    name: "The app",
    args: [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "server.js"],
    env: {
      BUILD_DIR: buildDir,
      PORT: String(appPort),
      PUBLIC_URL: appUrl,
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "undersigned.db")}`,
      SEED_DEMO: "true",
      TRUST_PROXY: "1",
      LOG_LEVEL: "info",
    },
    logFile: appLog,
    ready: "Undersigned is listening",
  });
  const appServer = { url: appUrl, pid: app.pid };

  // The form carries the id of the letter text on screen; sign with the one the page gives.
  const page = await fetch(`${appUrl}/c/${SLUG}/sign`).then((res) => res.text());
  const letterTextId = /name="letterTextId" value="(\d+)"/.exec(page)?.[1];
  if (!letterTextId) throw new Error("The sign page has no letterTextId field");

  const readLog = tailFile(appLog);
  const links: string[] = [];
  const logged = { errors: 0, warnings: 0 };
  function collectLinks() {
    for (const line of readLog()) {
      let entry: { level?: number; links?: unknown };
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      if ((entry.level ?? 0) >= 50) logged.errors += 1;
      else if (entry.level === 40) logged.warnings += 1;
      if (Array.isArray(entry.links)) {
        for (const link of entry.links) if (typeof link === "string" && /\/verify\/[\w-]{43}$/.test(link)) links.push(new URL(link).pathname);
      }
    }
  }

  // The baseline runs beside the app, idle while the app is measured, so that each pair of sign
  // phases is measured close in time: on a shared machine the conditions drift.
  const baselinePort = await freePort();
  const baseline = await startServer({
    name: "The baseline",
    args: ["--import", "tsx", "bench/baseline.ts"],
    env: { BASELINE_PORT: String(baselinePort), BASELINE_DATABASE_URL: `file:${path.join(work, "baseline", "baseline.db")}` },
    logFile: path.join(work, "baseline.log"),
    ready: "Baseline is listening",
  });
  const baselineSign = { server: { url: `http://127.0.0.1:${baselinePort}`, pid: baseline.pid }, next: signRequests(letterTextId), expect: 302 };
  const appSign = { server: appServer, next: signRequests(letterTextId), expect: 302 };

  // The worker writes each confirmation mail after the commit. Requests still in flight when a
  // phase stopped were signed too, unanswered; so wait for at least one mail per 302, then for
  // the stragglers to stop coming. The baseline is measured only once the app is quiet again.
  let signed = 0;
  async function waitForMail(phase: PhaseResult) {
    signed += phase.ok;
    const since = performance.now();
    const deadline = Date.now() + MAIL_TIMEOUT_MS;
    let lastCount = -1;
    for (collectLinks(); Date.now() < deadline; collectLinks()) {
      if (links.length >= signed && links.length === lastCount) break;
      lastCount = links.length;
      await sleep(links.length >= signed ? 500 : 100);
    }
    const seconds = (performance.now() - since) / 1000;
    console.log(
      links.length >= signed
        ? `  … confirmation mails: ${links.length} written, the last ${fixed(seconds)} s after the phase ended`
        : `  … confirmation mails: only ${links.length} for ${signed} signatures after ${fixed(seconds)} s; going on`,
    );
  }

  console.log(header);
  await waitForMail(report(await runPhase({ ...appSign, name: "app sign (warm-up)", connections: CONNECTIONS, duration: SECONDS.warmup })));
  report(await runPhase({ ...baselineSign, name: "baseline sign (warm-up)", connections: CONNECTIONS, duration: SECONDS.warmup }));
  const app10 = report(await runPhase({ ...appSign, name: "app sign", connections: CONNECTIONS, duration: SECONDS.sign }));
  await waitForMail(app10);
  const baseline10 = report(await runPhase({ ...baselineSign, name: "baseline sign", connections: CONNECTIONS, duration: SECONDS.sign }));
  const app50 = report(await runPhase({ ...appSign, name: "app sign", connections: BUSY_CONNECTIONS, duration: SECONDS.busySign }));
  await waitForMail(app50);
  const baseline50 = report(await runPhase({ ...baselineSign, name: "baseline sign", connections: BUSY_CONNECTIONS, duration: SECONDS.busySign }));
  await baseline.stop();

  if (links.length === 0) throw new Error("No verification link in the app's log");
  // Each link once, in the order the mails were written (they only repeat if the phase outlasts them).
  let linkIndex = 0;
  const verify = report(
    await runPhase({
      name: "app verify link",
      server: appServer,
      connections: CONNECTIONS,
      duration: SECONDS.verify,
      next: () => ({ method: "GET", path: links[linkIndex++ % links.length] }),
      expect: 200,
    }),
  );
  const linksOpened = Math.min(verify.responses, links.length);

  const countJson = { server: appServer, next: (): LoadRequest => ({ method: "GET", path: `/c/${SLUG}/count.json` }), expect: 200 };
  await sleep(1_500); // one counting batch, so the count read below includes the confirmations
  const count = report(await runPhase({ ...countJson, name: "app count.json", connections: CONNECTIONS, duration: SECONDS.count }));
  report(await runPhase({ ...countJson, name: "app count.json", connections: BUSY_CONNECTIONS, duration: SECONDS.busyCount }));
  const counted = (await fetch(`${appUrl}/c/${SLUG}/count.json`).then((res) => res.json())) as { count: number };
  await app.stop();
  collectLinks();

  // Summary -------------------------------------------------------------------------------------
  const share = app10.rate / baseline10.rate;
  console.log(`\ncpu ms/req: CPU time of the server process per response; others: cores busy meanwhile outside the server and the load generator (other processes, kernel I/O)`);
  console.log(`app/baseline sign rate: ${fixed(share * 100)} % at ${CONNECTIONS} connections, ${fixed((app50.rate / baseline50.rate) * 100)} % at ${BUSY_CONNECTIONS}`);
  console.log(
    `App signatures answered with 302: ${signed}; confirmation mails: ${links.length} (more: requests in flight when a phase stopped were signed too);` +
      ` links opened: ${linksOpened}; count.json afterwards: ${counted.count}`,
  );
  console.log(`App server log: ${logged.errors} errors, ${logged.warnings} warnings`);

  const mainPhases = [app10, verify, count];
  const targets: [string, boolean, string][] = [
    [`sign ≥ ${TARGETS.signRate} req/s`, app10.rate >= TARGETS.signRate, `${fixed(app10.rate, 0)} req/s`],
    [`sign p99 ≤ ${TARGETS.signP99} ms`, app10.p99 <= TARGETS.signP99, `${fixed(app10.p99, 2)} ms`],
    [
      "no errors (sign, verify, count.json)",
      mainPhases.every((r) => r.errors === 0) && logged.errors === 0,
      `${mainPhases.map((r) => `${r.name} ${r.errors}`).join(", ")}, server log ${logged.errors}`,
    ],
    [
      `sign ≥ ${TARGETS.shareOfBaseline * 100} % of baseline`,
      share >= TARGETS.shareOfBaseline,
      `${fixed(share * 100)} % (baseline ${fixed(baseline10.rate, 0)} req/s)`,
    ],
    [`count.json ≥ ${TARGETS.countRate} req/s`, count.rate >= TARGETS.countRate, `${fixed(count.rate, 0)} req/s`],
  ];
  console.log(`\nTargets (at ${CONNECTIONS} connections):`);
  for (const [name, met, figure] of targets) console.log(`  ${met ? "met   " : "MISSED"}  ${name.padEnd(38)} ${figure}`);
  if (profileDir) console.log(`\nCPU profile of the app server: ${profileDir}`);
  console.log(`\nFinished in ${fixed((performance.now() - began) / 1000)} s`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
