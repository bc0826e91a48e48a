// `npm run bench:pack`: how long the signature pack takes to export, and the memory it needs, for
// 100,000, 1,000,000 and 6,103,056 verified signatures (the UK Parliament's largest petition). Each size gets a fresh temporary database (made by the
// app's own CLI, then filled in batches of 50,000 inserts per transaction), and each export runs
// in a child process of its own (`--export`), so its peak RSS is the export's alone. It prints
// figures and asserts nothing. Targets: 1,000,000 in at most 90 s and 512 MB; 6,103,056 in at most 6
// minutes and 1 GB.
//   BENCH_PACK_SIZES=10000,50000  other sizes
//   BENCH_PACK_EVERY=20000        print progress, heap and RSS this often (default every 100,000)
//   BENCH_PROFILE=1               write a CPU profile of each export to .cache/pack-profile/
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";

const root = path.resolve(import.meta.dirname, "..");
const SLUG = "bench-pack";
const SIZES = (process.env.BENCH_PACK_SIZES ?? "100000,1000000,6103056").split(",").map(Number);
// The export runs in the server's process, whose heap `npm start` caps at 200 MB: the same cap
// here, or V8 lets garbage pile up to whatever the machine has before it collects.
const SERVER_HEAP = ["--max-old-space-size=200"];
const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", path.join(root, ".cache", "pack-profile")] : [];

async function main() {
  const results: { signatures: number; seconds: number; cpuSeconds: number; maxRssMb: number; zipMb: number; pages: string }[] = [];
  for (const size of SIZES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-bench-pack-"));
    try {
      const started = performance.now();
      createCampaign(dir);
      fill(path.join(dir, "undersigned.db"), size);
      console.log(`${size.toLocaleString("en-GB")} signatures generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const out = path.join(dir, "pack.zip");
      const report = JSON.parse(
        execFileSync(process.execPath, [...profile, ...SERVER_HEAP, "--import", "tsx", "bench/pack.ts", "--export", out], { cwd: root, env: childEnv(dir), stdio: ["ignore", "pipe", "inherit"] })
          .toString()
          .trim()
          .split("\n")
          .at(-1)!,
      ) as { seconds: number; cpuSeconds: number; maxRssMb: number };
      const pages = pdfPages(out, dir);
      results.push({ signatures: size, ...report, zipMb: fs.statSync(out).size / 1024 ** 2, pages });
      console.log(`  exported in ${report.seconds.toFixed(1)} s (${report.cpuSeconds.toFixed(1)} s of CPU), peak RSS ${report.maxRssMb.toFixed(0)} MB`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  // CPU seconds are the export process's own (user + system): what other work on the machine does not inflate.
  console.log("\n| signatures | seconds | CPU seconds | peak RSS MB | ZIP MB | letter.pdf pages |\n| ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    console.log(
      `| ${r.signatures.toLocaleString("en-GB")} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${r.maxRssMb.toFixed(0)} | ${r.zipMb.toFixed(1)} | ${r.pages} |`,
    );
  }
}

function childEnv(dir: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, NODE_ENV: "production" as const, DATA_DIR: dir, SEED_DEMO: "false", LOG_LEVEL: "warn", BENCH_PACK_EVERY: process.env.BENCH_PACK_EVERY ?? "100000" };
}

function createCampaign(dir: string) {
  const file = path.join(dir, "campaign.json");
  fs.writeFileSync(
    file,
    JSON.stringify({
      slug: SLUG,
      title: "Fair pay for care workers in Wales",
      summary: "A benchmark campaign.",
      body: "Dear First Minister,\n\nWe ask you to pay **care workers** fairly.\n\nYours, the undersigned",
      language: "en",
      recipients: [
        { name: "The First Minister", title: "First Minister", email: "fm@gov.example", role: "to" },
        { name: "Leader of the Opposition", title: "Party leader", role: "cc" },
      ],
      status: "open",
    }),
  );
  execFileSync("npx", ["tsx", "app/cli.ts", "campaign:create", "--file", file], { cwd: root, env: childEnv(dir), stdio: "ignore" });
}

const FIRST = ["Siân", "Zoë", "Łukasz", "Gwenllian", "Rhodri", "Aoife", "Mohammed", "Priya", "Dafydd", "Eleri", "José", "Ngozi", "Ffion", "Tomasz", "Aled"];
const LAST = ["Jones", "Williams", "Davies", "ap Llŷr", "Nowak", "O'Brien", "Evans", "Khan", "Hughes", "Müller", "Ŵyn", "Roberts"];
const PLACES = ["Cardiff", "Swansea", "Aberystwyth", "Bangor", "Wrexham", "Caernarfon", "Llanelli", "CF10 1AA", "Ynys Môn"];
const TYPES = ["individual", "individual", "individual", "professional", "organisation"] as const;

/** Random letters, so that names are as varied as a real campaign's (and layout caches cannot cheat). */
function word(n: number) {
  const letters = "abcdefghijklmnoprstuwyâêîôŵŷ";
  let s = "";
  for (let i = 0; i < n; i++) s += letters[(n * 7919 + i * 104729 + Math.floor(Math.random() * 1e6)) % letters.length];
  return s[0].toUpperCase() + s.slice(1);
}

function fill(file: string, count: number) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const { id: campaignId } = db.prepare("SELECT id FROM campaigns WHERE slug = ?").get(SLUG) as { id: number };
  const text = db
    .prepare("SELECT t.id, t.letter_version_id, t.sha256 FROM letter_texts t JOIN letter_versions v ON v.id = t.letter_version_id WHERE v.campaign_id = ?")
    .get(campaignId) as { id: number; letter_version_id: number; sha256: string };
  const insert = db.prepare(
    `INSERT INTO signatures (campaign_id, letter_version_id, letter_text_id, letter_sha256, name, email, signer_type, organisation, role,
       location, show_name, wants_updates, created_at, verified_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  // A signature a second, the last an hour ago: every one verified before the export starts (the
  // export takes those verified as of its start), whatever the size.
  const start = Date.now() - count * 1_000 - 3_600_000;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const type = TYPES[i % TYPES.length];
      const surname = i % 3 === 0 ? word(5 + (i % 7)) : LAST[i % LAST.length];
      const at = new Date(start + i * 1_000).toISOString();
      insert.run(
        campaignId,
        text.letter_version_id,
        text.id,
        text.sha256,
        `${FIRST[i % FIRST.length]} ${surname}`,
        `signer${i}@example.org`,
        type,
        type === "individual" ? null : `Cymdeithas ${word(6)} Cymru`,
        type === "individual" ? null : "Social worker",
        PLACES[i % PLACES.length],
        i % 2,
        at,
        at,
      );
    }
  });
  // Filled without the table's indexes and triggers, which are made again after: the same database
  // as rows inserted one by one would give, in a fraction of the time (6.1 million rows took ten minutes).
  const schema = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'signatures' AND type IN ('index', 'trigger') AND sql IS NOT NULL")
    .all() as { type: string; name: string; sql: string }[];
  for (const { type, name } of schema) db.exec(`DROP ${type} "${name}"`);
  for (let from = 0; from < count; from += 50_000) batch(from, Math.min(count, from + 50_000));
  for (const { sql } of schema) db.exec(sql);
  db.close();
}

function pdfPages(zip: string, dir: string) {
  try {
    execFileSync("unzip", ["-q", "-o", zip, "letter.pdf", "-d", dir]);
    return execFileSync("qpdf", ["--show-npages", path.join(dir, "letter.pdf")]).toString().trim();
  } catch {
    return "?";
  }
}

async function exportInThisProcess(out: string) {
  const { exportPackNow } = await import("~/services/pack/export-job.server");
  const { packFilePath } = await import("~/utils/pack-files.server");
  const { db } = await import("~/utils/db.server");
  // The site's pack key and signing certificate exist before an export, as on a running site: made
  // once, not timed (an RSA key takes a second or more to make).
  (await import("~/utils/pack-key.server")).packSigningKey();
  (await import("~/utils/pack-cert.server")).packSigningCert();
  const started = performance.now();
  let last = 0;
  const pack = await exportPackNow({
    slug: SLUG,
    onProgress: (done, total) => {
      if (done - last >= Number(process.env.BENCH_PACK_EVERY) || done === total) {
        last = done;
        process.stderr.write(`  ${done.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} after ${((performance.now() - started) / 1000).toFixed(1)} s, heap ${(process.memoryUsage().heapUsed / 1024 ** 2).toFixed(0)} MB, external ${(process.memoryUsage().external / 1024 ** 2).toFixed(0)} MB, rss ${(process.memoryUsage().rss / 1024 ** 2).toFixed(0)} MB\n`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  fs.copyFileSync(packFilePath(pack.file), out);
  await db.destroy();
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

if (process.argv[2] === "--export") {
  await exportInThisProcess(process.argv[3]);
} else {
  await main();
}
