import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  dataDir: string;
  databaseFile: string;
  logs: () => string;
  /** The server process's id, to read its memory from /proc. */
  pid: () => number | undefined;
  /** Graceful stop (SIGTERM), as a deploy would. */
  stop: () => Promise<void>;
  /** Crash: SIGKILL, no chance to finish anything. */
  kill: () => Promise<void>;
  /** Starts the server again on the same data and port. */
  restart: (env?: Record<string, string>) => Promise<void>;
}

/**
 * Starts the built server (`node server.js`) as a child process on a fresh copy of the base
 * database, with its own data folder: the app as it really runs, one per test.
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const baseDb = process.env.UNDERSIGNED_BASE_DB;
  if (!baseDb) throw new Error("UNDERSIGNED_BASE_DB is not set: run tests through vitest (global setup)");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-test-"));
  const databaseFile = path.join(dataDir, "undersigned.db");
  fs.copyFileSync(baseDb, databaseFile);
  const port = await freePort();
  const url = `http://localhost:${port}`;
  let child: ChildProcess | undefined;
  let output = "";

  async function launch(extra: Record<string, string> = {}) {
    output = "";
    child = spawn(process.execPath, ["server.js"], {
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
        ...env,
        ...extra,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const started = child;
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Undersigned is listening")) resolve();
      };
      started.stdout?.on("data", onData);
      started.stderr?.on("data", onData);
      started.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    });
  }

  async function end(signal: NodeJS.Signals) {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill(signal);
    });
  }

  await launch();
  return {
    url,
    dataDir,
    databaseFile,
    logs: () => output,
    pid: () => child?.pid,
    stop: async () => {
      await end("SIGTERM");
    },
    kill: () => end("SIGKILL"),
    restart: launch,
  };
}

export async function stopApp(app: RunningApp | undefined) {
  if (!app) return;
  await app.stop();
  fs.rmSync(app.dataDir, { recursive: true, force: true });
}
