import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { type TemplateData, type TemplateName, templates } from "#emails/index";
import { getT, type TextVariant, type UiLanguage } from "~/i18n";
import { localePath } from "~/i18n/paths";
import { env } from "./env.server";
import { logger } from "./logger.server";
import { singleton } from "./singleton.server";

/**
 * An address on this site for a link in a mail, in the reader's language: `/verify/x` is
 * `https://…/verify/x` in English and `https://…/cy/verify/x` in Welsh.
 */
export function mailUrl(language: UiLanguage, path: string) {
  return `${env.PUBLIC_URL}${localePath(language, path)}`;
}

/** A mail in the reader's language, and in Easy Read for someone who signed the Easy Read letter. */
export function renderEmail<N extends TemplateName>(template: N, language: UiLanguage, data: TemplateData<N>, variant: TextVariant = "standard") {
  const render = templates[template] as (t: ReturnType<typeof getT>, language: string, data: TemplateData<N>) => ReturnType<(typeof templates)[N]>;
  return render(getT(language, variant), language, data);
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Extra headers, such as List-Unsubscribe (RFC 2369, RFC 8058). */
  headers?: Record<string, string>;
  /** Files attached by path; the .eml fallback holds them too. */
  attachments?: { filename: string; path: string }[];
}

/** Why a send failed, and whether trying again could help (a 5xx reply from the server will not). */
export class SendError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
  }
}

function smtpTransport(smtpUrl: string) {
  const url = new URL(smtpUrl);
  return nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    dkim: env.DKIM,
  });
}

// Without SMTP_URL, messages are built exactly as they would be sent (signed too) and written as .eml files.
const fileTransport = () => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix", dkim: env.DKIM });

/**
 * The DNS TXT record that lets receivers check the DKIM signature (RFC 6376 §3.6.1): at
 * `{selector}._domainkey.{domain}`, the public half of DKIM_PRIVATE_KEY. Undefined without DKIM.
 */
export function dkimDnsRecord() {
  if (!env.DKIM) return undefined;
  const publicKey = crypto.createPublicKey(env.DKIM.privateKey).export({ type: "spki", format: "der" }).toString("base64");
  const value = `v=DKIM1; k=rsa; p=${publicKey}`;
  // One TXT string holds at most 255 characters; a 2048-bit key's record is longer, so a zone file
  // gives it as several strings, which resolvers join.
  const strings = value.match(/.{1,255}/g)!.map((part) => `"${part}"`);
  const name = `${env.DKIM.keySelector}._domainkey.${env.DKIM.domainName}`;
  return { name, value, zoneLine: `${name}. IN TXT ( ${strings.join(" ")} )`, selector: env.DKIM.keySelector, domain: env.DKIM.domainName };
}

const transport = singleton("mail-transport", () => (env.SMTP_URL ? smtpTransport(env.SMTP_URL) : fileTransport()));

export async function sendEmail(email: OutgoingEmail) {
  // Quoted-printable, said outright: left to choose, nodemailer scans every part to decide, which
  // cost more than building the rest of the message (0.6 ms a message against 0.23).
  const message = { from: env.MAIL_FROM, ...email, messageId: `<${email.messageId}>`, textEncoding: "quoted-printable" as const };
  try {
    const info = await transport.sendMail(message);
    if (!env.SMTP_URL) await writeEml(email, (info as unknown as { message: Buffer }).message);
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    throw new SendError(error instanceof Error ? error.message : String(error), code !== undefined && code >= 500);
  }
}

let outboxDirReady: Promise<unknown> | undefined;

async function writeEml(email: OutgoingEmail, raw: Buffer) {
  await (outboxDirReady ??= fs.mkdir(env.OUTBOX_DIR, { recursive: true }));
  const file = path.join(env.OUTBOX_DIR, `${email.messageId.replace(/[^\w.-]/g, "_")}.eml`);
  await fs.writeFile(file, raw);
  const links = email.text.match(/https?:\/\/\S+/g) ?? [];
  logger.info({ file, to: email.to, links }, `Mail "${email.subject}" written to ${file}${links.length ? `; link: ${links[0]}` : ""}`);
}
