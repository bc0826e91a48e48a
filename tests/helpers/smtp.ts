import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { freePort, type RunningApp, startApp, stopApp } from "./app";

export interface Mailbox {
  port: number;
  url: string;
  messages: ParsedMail[];
  /** Addresses refused with a permanent 550 reply while they are in the set. */
  rejecting: Set<string>;
  /**
   * Addresses whose messages are taken in (and kept in `messages`) but never answered with the 250
   * reply while they are in the set: the sender cannot know the mail arrived.
   */
  holding: Set<string>;
  /** Waits until `count` messages to `to` (or to anyone) have arrived; returns them. */
  waitFor: (count: number, to?: string, timeoutMs?: number) => Promise<ParsedMail[]>;
  /** Stops accepting connections, as a mail server that is down. */
  down: () => Promise<void>;
  up: () => Promise<void>;
  close: () => Promise<void>;
}

/** A real SMTP server in the test process; the app talks to it over the network. */
export async function startMailbox(): Promise<Mailbox> {
  const port = await freePort();
  const messages: ParsedMail[] = [];
  const rejecting = new Set<string>();
  const holding = new Set<string>();
  let server: SMTPServer | undefined;

  async function up() {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (!rejecting.has(address.address.toLowerCase())) return callback();
        callback(Object.assign(new Error("No such mailbox here"), { responseCode: 550 }));
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            messages.push(mail);
            if (!recipients(mail).some((address) => address && holding.has(address))) callback();
          })
          .catch(callback);
      },
    });
    // An app killed mid-session (tests/integration/crash-under-load.test.ts) resets its connection:
    // a client gone, not a fault of the mailbox. Any other error stays uncaught and fails the run.
    server.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNRESET" && error.code !== "EPIPE") throw error;
    });
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
  }

  async function down() {
    const running = server;
    server = undefined;
    if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
  }

  const recipients = (mail: ParsedMail) =>
    (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address?.toLowerCase()));

  async function waitFor(count: number, to?: string, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = messages.filter((m) => !to || recipients(m).includes(to.toLowerCase()));
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) {
        throw new Error(`Expected ${count} message(s)${to ? ` to ${to}` : ""}, got ${matching.length} in ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  await up();
  return { port, url: `smtp://127.0.0.1:${port}`, messages, rejecting, holding, waitFor, down, up, close: down };
}

/**
 * The hooks of a test file whose app sends mail to a real mailbox: both started once for the file
 * or, with `perTest`, afresh for each test (the app with `env` added), handed to `use` (awaited),
 * and stopped after.
 */
export function withAppAndMailbox(
  use: (started: { app: RunningApp; mailbox: Mailbox }) => unknown,
  { perTest = false, env = {} }: { perTest?: boolean; env?: Record<string, string> } = {},
) {
  let started: { app: RunningApp; mailbox: Mailbox } | undefined;
  async function start() {
    const mailbox = await startMailbox();
    started = { app: await startApp({ SMTP_URL: mailbox.url, ...env }), mailbox };
    await use(started);
  }
  async function stop() {
    try {
      await stopApp(started?.app);
    } finally {
      await started?.mailbox.close();
    }
  }
  if (perTest) {
    beforeEach(start);
    afterEach(stop);
  } else {
    beforeAll(start);
    afterAll(stop);
  }
}

/** The confirmation link in a message's plain-text body. */
export function verifyLink(mail: ParsedMail) {
  const link = mail.text?.match(/https?:\/\/\S+\/verify\/[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error(`No verification link in:\n${mail.text}`);
  return link;
}
