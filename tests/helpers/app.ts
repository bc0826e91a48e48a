import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { dropTestDatabase, newTestDatabase } from "./test-database";
import { freePort } from "./ports";

const root = path.resolve(import.meta.dirname, "../..");

export { freePort };

export interface RunningApp {
  url: string;
  dataDir: string;
  /** `file:…` or `postgres://…`, as the app was given it: for tests/helpers/db.ts. */
  databaseUrl: string;
  ownsDatabase: boolean;
  logs: () => string;
  /** The server process's id, to read its memory from /proc. */
  pid: () => number | undefined;
  /** Graceful stop (SIGTERM), as a deploy would. */
  stop: () => Promise<void>;
  /** Crash: SIGKILL, no chance to finish anything. */
  kill: () => Promise<void>;
  /**
   * Starts the server again on the same data and port, once it has stopped (`stop` or `kill`):
   * throws if it is still running, which would leave it running beside the new one.
   */
  restart: (env?: Record<string, string>) => Promise<void>;
  /**
   * Errors the server may log during the current test because the test causes them on purpose (a
   * mail server taken down, a broken file fed in): each pattern is matched against the log line
   * or printed stack. They hold until the test ends (called in a `beforeAll`: the first test).
   */
  expectErrorLogs: (...patterns: RegExp[]) => void;
}

export interface StartOptions {
  /** Errors the server may log at any time in its life, as `app.expectErrorLogs` for one test. */
  expectErrorLogs?: RegExp[];
  /** The sender (`sender.js`: the outbox's mail and webhooks, no pages) rather than an app process. */
  sender?: boolean;
}

/**
 * Reads a server's output as it arrives, for the errors in it: pino lines at level 50 (error) or
 * 60 (fatal), and stacks printed by Express, Remix or Node. An error nobody expected fails the
 * test it happened in (checked after each test), or the file, if it is logged while the app stops.
 */
class ErrorLogWatch {
  private readonly streams = new Map<string, { partial: string; lastPlain: string; stack: string[] | undefined }>();
  private found: string[] = [];
  private forTest: RegExp[] = [];

  constructor(private readonly forLife: RegExp[]) {}

  expect(patterns: RegExp[]) {
    this.forTest.push(...patterns);
  }

  read(stream: "stdout" | "stderr", chunk: string) {
    const state = this.streams.get(stream) ?? { partial: "", lastPlain: "", stack: undefined };
    this.streams.set(stream, state);
    const lines = (state.partial + chunk).split("\n");
    state.partial = lines.pop() ?? "";
    for (const line of lines) this.line(state, line);
  }

  /** The process has ended: whatever it wrote last counts, finished with a newline or not. */
  ended() {
    for (const state of this.streams.values()) {
      if (state.partial) this.line(state, state.partial);
      state.partial = "";
      this.endStack(state);
    }
  }

  private line(state: { lastPlain: string; stack: string[] | undefined }, line: string) {
    if (/^\s+at\s/.test(line)) {
      state.stack ??= [state.lastPlain];
      state.stack.push(line);
      return;
    }
    this.endStack(state);
    if (line.startsWith("{")) {
      const level = (() => {
        try {
          return (JSON.parse(line) as { level?: unknown }).level;
        } catch {
          return undefined;
        }
      })();
      if (typeof level === "number" && level >= 50) this.found.push(line);
      state.lastPlain = "";
      return;
    }
    state.lastPlain = line;
  }

  private endStack(state: { stack: string[] | undefined }) {
    if (state.stack) this.found.push(state.stack.join("\n"));
    state.stack = undefined;
  }

  /** The errors logged since the last check that nothing expected; the test's own expectations end here. */
  unexpected() {
    // A stack is complete once its stream has nothing half-written.
    for (const state of this.streams.values()) if (!state.partial) this.endStack(state);
    const expected = [...this.forLife, ...this.forTest];
    const found = this.found;
    this.found = [];
    this.forTest = [];
    return found.filter((entry) => !expected.some((pattern) => entry.search(pattern) !== -1));
  }
}

/** Apps started and not stopped yet in this test file, with their watches. */
const running = new Map<RunningApp, ErrorLogWatch>();

/** What an app logged that nothing expected, for a failure message; empty if nothing. */
function describeErrorLogs(app: RunningApp, errors: string[]) {
  if (!errors.length) return "";
  // Quoted line by line, so that the runner does not take the server's stack for the test's own.
  const shown = errors
    .slice(0, 10)
    .map((entry) => (entry.length > 2_000 ? `${entry.slice(0, 2_000)} …` : entry).replace(/^/gm, "  | "));
  if (errors.length > 10) shown.push(`  (and ${errors.length - 10} more)`);
  return `The server (${app.url}) logged errors nothing expected. If the test causes them on purpose, declare them with app.expectErrorLogs(/…/); otherwise they are a bug:\n${shown.join("\n")}`;
}

function failOnErrorLogs(problems: string[]) {
  const found = problems.filter(Boolean);
  if (found.length) throw new Error(found.join("\n"));
}

// After each test, the errors its servers logged while it ran. Registered when a test file first
// imports this module, so every file that starts an app has it.
afterEach(() => {
  failOnErrorLogs([...running].map(([app, watch]) => describeErrorLogs(app, watch.unexpected())));
});

/**
 * Starts the built server (`node server.js`) as a child process on a fresh copy of the base
 * database, with its own data folder: the app as it really runs, one per test.
 */
export async function startApp(env: Record<string, string> = {}, { expectErrorLogs = [], sender = false }: StartOptions = {}): Promise<RunningApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-test-"));
  // A test may start a second app on the first one's database: only the one that made it drops it.
  const ownsDatabase = !env.DATABASE_URL;
  const databaseUrl = env.DATABASE_URL ?? (await newTestDatabase(dataDir));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const watch = new ErrorLogWatch(expectErrorLogs);
  let child: ChildProcess | undefined;
  let closed: Promise<void> = Promise.resolve();
  let output = "";

  async function launch(extra: Record<string, string> = {}) {
    output = "";
    child = spawn(process.execPath, [sender ? "sender.js" : "server.js"], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        BUILD_DIR: process.env.BUILD_DIR ?? "build",
        PORT: String(port),
        PUBLIC_URL: url,
        DATA_DIR: dataDir,
        SEED_DEMO: "false",
        LOG_LEVEL: "info",
        DATABASE_URL: databaseUrl,
        ...env,
        ...extra,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const started = child;
    // "close" comes once the process has exited and its output has all been read.
    closed = new Promise((resolve) => started.once("close", () => resolve()));
    closed.then(() => watch.ended());
    await new Promise<void>((resolve, reject) => {
      const onData = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
        const text = chunk.toString();
        output += text;
        watch.read(stream, text);
        if (output.includes(sender ? "Undersigned is sending" : "Undersigned is listening")) resolve();
      };
      started.stdout?.on("data", onData("stdout"));
      started.stderr?.on("data", onData("stderr"));
      started.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    });
  }

  const isRunning = (spawned: ChildProcess | undefined): spawned is ChildProcess =>
    spawned !== undefined && spawned.exitCode === null && spawned.signalCode === null;

  async function end(signal: NodeJS.Signals) {
    const current = child;
    if (isRunning(current)) {
      await new Promise<void>((resolve) => {
        current.once("exit", () => resolve());
        current.kill(signal);
      });
    }
    // Its last words, unless something it started still holds its output open.
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }

  await launch();
  const app: RunningApp = {
    url,
    dataDir,
    databaseUrl,
    ownsDatabase,
    logs: () => output,
    pid: () => child?.pid,
    stop: async () => {
      await end("SIGTERM");
    },
    kill: () => end("SIGKILL"),
    restart: async (extra) => {
      if (isRunning(child)) throw new Error(`app.restart(): the server (${url}) is still running; stop or kill it first`);
      await launch(extra);
    },
    expectErrorLogs: (...patterns) => watch.expect(patterns),
  };
  running.set(app, watch);
  return app;
}

/**
 * The CPU time the app's process has used so far, in ms (Linux /proc: user + system, in ticks of
 * 10 ms). Tests that bound how much work a request costs measure this, not the clock, which a busy
 * machine stretches.
 */
export function serverCpuMs(app: RunningApp) {
  const fields = fs.readFileSync(`/proc/${app.pid()}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Stops the app and removes its data; fails if it logged an error nothing expected since the last test. */
export async function stopApp(app: RunningApp | undefined) {
  if (!app) return;
  await app.stop();
  fs.rmSync(app.dataDir, { recursive: true, force: true });
  if (app.ownsDatabase) await dropTestDatabase(app.databaseUrl);
  const watch = running.get(app);
  running.delete(app);
  if (watch) failOnErrorLogs([describeErrorLogs(app, watch.unexpected())]);
}
