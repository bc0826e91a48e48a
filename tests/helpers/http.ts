import type { RunningApp } from "./app";

export const validSignature = {
  name: "Ann Jones",
  email: "ann@example.org",
  signerType: "individual",
  location: "Cardiff",
  showName: "on",
};

/** Posts the sign form as a browser without JavaScript would; does not follow the redirect. */
export function postSignature(app: RunningApp, slug: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/c/${slug}/sign`, {
    method: "POST",
    body: new URLSearchParams(fields),
    redirect: "manual",
    headers,
  });
}

export async function getCount(app: RunningApp, slug: string) {
  const response = await fetch(`${app.url}/c/${slug}/count.json`);
  return (await response.json()) as { slug: string; count: number; goal: number | null; updatedAt: string };
}

/** Waits for the batch counter to reach `count`. */
export async function waitForCount(app: RunningApp, slug: string, count: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await getCount(app, slug);
    if (current.count === count) return current;
    if (Date.now() > deadline) throw new Error(`count stayed at ${current.count}, expected ${count}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The page's visible text, roughly as a person reads it. */
export function textOf(html: string) {
  // A NUL never belongs in a page: React 18 once sent its buffer's unused bytes (app/utils/html-stream.server.ts).
  if (html.includes("\u0000")) throw new Error(`A NUL character in the page, at: ${JSON.stringify(html.slice(Math.max(0, html.indexOf("\u0000") - 60), html.indexOf("\u0000") + 20))}`);
  return html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
