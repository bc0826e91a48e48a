import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { env } from "./env.server";
import { ipRangeMatcher } from "./ip-ranges.server";

// The HTTP client of webhooks, and the one place that decides which addresses a webhook may reach.
// A webhook URL is typed by a campaign's team: without these checks it would let them make the
// server request its own admin ports, the cloud's metadata service or the office network (SSRF).
// The address is checked when the URL is saved AND at every delivery, by the `lookup` the request
// connects through, so a DNS answer that changes between the check and the connection (rebinding)
// is checked too. Redirects are never followed; a reply is read up to a few KB, within a timeout.

/**
 * Loopback, private, shared (CGNAT), link-local, unique-local, multicast, reserved and unspecified
 * ranges. An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is matched as the IPv4 address it maps
 * to (utils/ip-ranges.server.ts), so it cannot smuggle a private one through.
 */
const isForbiddenAddress = ipRangeMatcher([
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "::/128",
  "::1/128",
  // NAT64 (an IPv4 address behind a translator, private ones included) and documentation ranges
  "64:ff9b::/96",
  "64:ff9b:1::/48",
  "2001:db8::/32",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
]);

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a receiver's reply is read (and kept, shortened, with a failed attempt). */
const MAX_REPLY_BYTES = 4096;

/** Why a URL may not be a webhook: each a message key under workspace `webhooks.refused.*`. */
export type WebhookUrlRefusal = "invalid" | "credentials" | "notHttps" | "private" | "notFound";

export class WebhookRefused extends Error {
  constructor(readonly reason: WebhookUrlRefusal, detail?: string) {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

/** `host:port` as WEBHOOK_ALLOW_HOSTS names it (IPv6 in brackets, the scheme's port when none is given). */
function hostAndPort(url: URL) {
  return `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`.toLowerCase();
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, "");

function parse(raw: string) {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookRefused("invalid");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WebhookRefused("invalid");
  if (url.username || url.password) throw new WebhookRefused("credentials");
  return url;
}

async function resolveAll(hostname: string) {
  const host = bare(hostname);
  if (isIP(host)) return [host];
  try {
    return (await dns.promises.lookup(host, { all: true, verbatim: true })).map((each) => each.address);
  } catch {
    throw new WebhookRefused("notFound", host);
  }
}

/**
 * Whether a URL may be a webhook, now: https (http only in development or for an allowed host),
 * no credentials in it, and a host whose every address is public, unless its host:port is in
 * WEBHOOK_ALLOW_HOSTS. Throws WebhookRefused; returns the URL as it will be used.
 */
export async function checkWebhookUrl(raw: string) {
  const url = parse(raw);
  const allowed = env.WEBHOOK_ALLOW_HOSTS.includes(hostAndPort(url));
  if (!allowed) {
    const addresses = await resolveAll(url.hostname);
    const forbidden = addresses.find(isForbiddenAddress);
    if (forbidden) throw new WebhookRefused("private", forbidden);
    if (url.protocol !== "https:" && env.NODE_ENV !== "development") throw new WebhookRefused("notHttps");
  }
  return url;
}

/** The `lookup` a request connects through: resolves as usual, and refuses a forbidden address. */
const checkedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const forbidden = addresses.find((each) => isForbiddenAddress(each.address));
    if (forbidden) return callback(new WebhookRefused("private", forbidden.address), "", 4);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
};

export interface WebhookReply {
  statusCode: number | null;
  /** Why there was no 2xx: the receiver's words (shortened), or what went wrong on the way. */
  error: string | null;
  durationMs: number;
  delivered: boolean;
  /** Retrying cannot help: the URL is refused, or the receiver said the request itself is wrong (4xx but 408, 425, 429). */
  permanent: boolean;
}

/** POSTs a body to a webhook URL, checking its address again; never throws. */
export async function postWebhook({ url: raw, body, headers }: { url: string; body: string; headers: Record<string, string> }): Promise<WebhookReply> {
  const started = Date.now();
  const took = () => Date.now() - started;
  let url: URL;
  try {
    url = await checkWebhookUrl(raw);
  } catch (error) {
    const reason = error instanceof WebhookRefused ? error.message : String(error);
    return { statusCode: null, error: `refused: ${reason}`, durationMs: took(), delivered: false, permanent: !(error instanceof WebhookRefused && error.reason === "notFound") };
  }
  const allowed = env.WEBHOOK_ALLOW_HOSTS.includes(hostAndPort(url));
  const client = url.protocol === "https:" ? https : http;
  return new Promise<WebhookReply>((resolve) => {
    let settled = false;
    const finish = (reply: Omit<WebhookReply, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...reply, durationMs: took() });
    };
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), "User-Agent": "Undersigned-Webhooks/1", ...headers },
        // An allowed host (development, tests) may be private; every other is checked as it connects.
        lookup: allowed ? undefined : checkedLookup,
        timeout: WEBHOOK_TIMEOUT_MS,
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let read = 0;
        const done = () => {
          const text = Buffer.concat(chunks).toString("utf8").slice(0, 500);
          const delivered = statusCode >= 200 && statusCode < 300;
          const permanent = statusCode >= 400 && statusCode < 500 && ![408, 425, 429].includes(statusCode);
          const error = delivered ? null : statusCode >= 300 && statusCode < 400 ? `redirect to ${response.headers.location ?? "?"} not followed` : `HTTP ${statusCode}${text ? `: ${text}` : ""}`;
          finish({ statusCode, error, delivered, permanent });
        };
        response.on("data", (chunk: Buffer) => {
          if (read < MAX_REPLY_BYTES) chunks.push(chunk.subarray(0, MAX_REPLY_BYTES - read));
          read += chunk.length;
          if (read >= MAX_REPLY_BYTES) {
            done();
            response.destroy();
          }
        });
        response.on("end", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`, delivered: false, permanent: false });
      request.destroy();
    }, WEBHOOK_TIMEOUT_MS);
    request.on("timeout", () => request.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) =>
      finish({ statusCode: null, error: error instanceof WebhookRefused ? `refused: ${error.message}` : error.message, delivered: false, permanent: error instanceof WebhookRefused }),
    );
    request.end(body);
  });
}
