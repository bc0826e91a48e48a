import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./ports";

/**
 * A PostgreSQL server of our own for the tests and the benchmark: Debian's `postgresql` binaries,
 * a fresh data directory in the temp folder, its own port, trust authentication on loopback only.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user the package made.
 */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:{port}` with no database: add `/{name}`. */
  url: string;
  stop: () => void;
  /** Stops the server as an outage would, keeping its data; `resume` starts it again on the same port. */
  pause: () => void;
  resume: () => void;
}

function binDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(base, v, "bin")).find((dir) => fs.existsSync(path.join(dir, "initdb")));
  if (!found) throw new Error("PostgreSQL's server is not installed: apt-get install postgresql (or set PG_BIN)");
  return found;
}

const asRoot = process.getuid?.() === 0;

function run(command: string, args: string[]) {
  const [file, fullArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  return execFileSync(file, fullArgs, { stdio: ["ignore", "pipe", "pipe"] }).toString();
}

export interface StartOptions {
  port: number;
  /** Durability off (fsync, synchronous commit): for tests, which never outlive the server. */
  fast?: boolean;
}

export async function startPostgres({ port, fast = false }: StartOptions): Promise<PostgresServer> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pg-"));
  const dataDir = path.join(dir, "data");
  fs.mkdirSync(dataDir, { mode: 0o700 });
  if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  run(path.join(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]);
  const settings = [
    `port=${port}`,
    "listen_addresses='127.0.0.1'",
    `unix_socket_directories='${dir}'`,
    "max_connections=200",
    "shared_buffers=128MB",
    ...(fast ? ["fsync=off", "synchronous_commit=off", "full_page_writes=off"] : []),
  ];
  fs.appendFileSync(path.join(dataDir, "postgresql.conf"), `\n${settings.join("\n")}\n`);
  run(path.join(bin, "pg_ctl"), ["-D", dataDir, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const pause = () => run(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
  const resume = () => run(path.join(bin, "pg_ctl"), ["-D", dataDir, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  return { url: `postgres://postgres@127.0.0.1:${port}`, stop, pause, resume };
}


/** Runs a command with a server of its own: `tsx tests/helpers/postgres-server.ts -- vitest run`. */
async function main() {
  const args = process.argv.slice(process.argv.indexOf("--") + 1);
  const port = process.env.PG_PORT ? Number(process.env.PG_PORT) : await freePort();
  const server = await startPostgres({ port, fast: process.env.PG_FAST !== "0" });
  process.stdout.write(`PostgreSQL on port ${port}\n`);
  const child = spawn(args[0]!, args.slice(1), { stdio: "inherit", env: { ...process.env, TEST_POSTGRES_URL: server.url } });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  const code = await new Promise<number>((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  server.stop();
  process.exit(code);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
