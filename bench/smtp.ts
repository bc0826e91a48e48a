// The mail server the benchmark's app sends to: a real SMTP server (smtp-server, as in the tests)
// in a process of its own, so that its CPU is not the load generator's. It accepts every message
// (no authentication required, no TLS) and, for each, appends one JSON line to BENCH_MAIL_LOG:
//   {"at": <epoch ms when the message was accepted>, "to": [<envelope recipients>], "link": "/verify/…" | null}
// `link` is the path of the first confirmation link in the message's plain-text part, decoded
// from its transfer encoding (quoted-printable or base64). The MIME tree is walked by hand rather
// than with mailparser, which costs about 1.5 ms of CPU a message: at a thousand mails a second
// that would be more than a core taken from the app on a two-core box.
//
// Run by bench/run.ts as a child process: BENCH_SMTP_PORT, BENCH_MAIL_LOG.
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { SMTPServer } from "smtp-server";

interface Part {
  headers: Map<string, string>;
  body: string;
}

/** Splits a MIME entity into its (unfolded, lower-cased) headers and its body. */
function splitEntity(raw: string): Part {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end === -1 ? raw : raw.slice(0, end);
  const body = end === -1 ? "" : raw.slice(end).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** Quoted-printable (RFC 2045 §6.7) to text: soft line breaks joined, =XX octets decoded as UTF-8. */
export function decodeQuotedPrintable(encoded: string) {
  const octets = encoded.replace(/[ \t]+(?=\r?\n)/g, "").replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(octets, "latin1").toString("utf8");
}

function decodeBody({ headers, body }: Part) {
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return Buffer.from(body, "latin1").toString("utf8");
}

/** The decoded text of the first text/plain part of a message, or undefined if it has none. */
export function plainText(raw: string): string | undefined {
  const part = splitEntity(raw);
  const contentType = part.headers.get("content-type") ?? "text/plain";
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type.startsWith("multipart/")) {
    const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    if (!boundary) return undefined;
    const delimiter = `--${boundary[1] ?? boundary[2]}`;
    const sections = part.body.split(delimiter).slice(1); // before the first delimiter: the preamble
    for (const section of sections) {
      if (section.startsWith("--")) break; // the closing delimiter
      const text = plainText(section.replace(/^[ \t]*\r?\n/, "").replace(/\r?\n$/, ""));
      if (text !== undefined) return text;
    }
    return undefined;
  }
  return type === "text/plain" ? decodeBody(part) : undefined;
}

/** The path of the confirmation link in a message (`/verify/…` or `/cy/verify/…`). */
export function verifyPath(raw: string) {
  const link = plainText(raw)?.match(/https?:\/\/\S+?(\/(?:cy\/)?verify\/[A-Za-z0-9_-]+)/);
  return link?.[1] ?? null;
}

export async function startMailServer({ port, logFile }: { port: number; logFile: string }) {
  const log = fs.createWriteStream(logFile, { flags: "a" });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // The app keeps a small pool of connections open; never cut one off in the middle of a run.
    socketTimeout: 10 * 60_000,
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const at = Date.now();
        // Read before accepting: the session's envelope is reset for the next message then.
        const to = session.envelope.rcptTo.map((address) => address.address.toLowerCase());
        callback(); // accepted: the 250 reply goes out now
        log.write(`${JSON.stringify({ at, to, link: verifyPath(Buffer.concat(chunks).toString("latin1")) })}\n`);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.BENCH_SMTP_PORT);
  const logFile = process.env.BENCH_MAIL_LOG;
  if (!port || !logFile) throw new Error("Set BENCH_SMTP_PORT and BENCH_MAIL_LOG");
  const mail = await startMailServer({ port, logFile });
  console.log(`SMTP server is listening on 127.0.0.1:${port}`);
  const stop = async () => {
    await mail.stop();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
