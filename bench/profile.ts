// Where the app server's time went during one phase of the benchmark, from the profile that
// `node --cpu-prof` writes (BENCH_PROFILE=1): self time grouped by package, and the functions
// with the most self time, per request of the phase.
//
// V8 stamps samples with the monotonic clock, as process.hrtime does in the benchmark, so a
// phase's window (hrtime in µs) picks its samples out of a profile that covers the whole run.
import fs from "node:fs";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The part of the code a frame belongs to: a package, Node itself, the app's build, or V8's own. */
function owner(url: string, functionName: string) {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.includes("/server/")) return "app (server build)";
  return url.replace(/^file:\/\/.*\//, "");
}

function shortUrl(url: string) {
  return url.replace(/^file:\/\/.*\/node_modules\//, "").replace(/^file:\/\/.*\/(build|\.cache)\//, "$1/").replace(/^file:\/\/.*\//, "");
}

/** Lines of text: the CPU of `window` (from, to: monotonic µs) by package and by function. */
export function summarizeProfile(file: string, window: { from: number; to: number }, requests: number, top = 15) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < window.from || at > window.to) continue;
    const frame = frames.get(profile.samples[i]);
    if (!frame || frame.functionName === "(idle)") continue;
    total += delta;
    const who = owner(frame.url, frame.functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + delta);
    const name = frame.url ? `${frame.functionName || "(anonymous)"}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : frame.functionName;
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
  }
  if (total === 0) return ["  (no samples in this phase's time window)"];
  const perRequest = (us: number) => `${(us / 1000 / Math.max(1, requests)).toFixed(3)} ms/req`;
  const lines = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `    ${((us / total) * 100).toFixed(1).padStart(5)} %  ${perRequest(us).padStart(14)}  ${name}`);
  return [
    // Samples are taken on the main thread's clock: time it spent blocked in a synchronous call
    // (better-sqlite3 waiting for fsync) counts as that call's self time, though it is no CPU.
    `  main thread busy in the window: ${(total / 1000).toFixed(0)} ms over ${requests} requests = ${perRequest(total)}` +
      " (idle left out; blocking calls such as fsync in better-sqlite3 count as their caller's self time)",
    "  self time by package:",
    ...lines(byOwner),
    "  functions with the most self time:",
    ...lines(byFunction),
  ];
}
