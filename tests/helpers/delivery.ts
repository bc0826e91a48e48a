import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import yazl from "yazl";
import type { RunningApp } from "./app";
import { execute, query } from "./db";
import { type Browser, signInAs } from "./session";
import { type Mailbox, withAppAndMailbox } from "./smtp";

type Started = { app: RunningApp; mailbox: Mailbox; staff: Browser };

/**
 * Before each test: the app with a real mailbox and a signed-in staff member, where delivery and
 * responses start, handed to `use`; all stopped after the test.
 */
export function eachTestWithStaff(use: (started: Started) => void) {
  withAppAndMailbox(async ({ app, mailbox }) => use({ app, mailbox, staff: await signInAs(app, "staff@example.org", "staff") }), { perTest: true });
}

export const campaignIdOf = (app: RunningApp, slug: string) => query<{ id: number }>(app, "select id from campaigns where slug = ?", slug)[0].id;

/** A ZIP holding these files, as bytes. */
export async function zipOf(files: Record<string, string>) {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A finished pack export, as the export job leaves one: a "done" row and its ZIP under packs/. */
export function addPack(app: RunningApp, slug: string, bytes: Buffer) {
  const file = `${crypto.randomBytes(8).toString("hex")}.zip`;
  fs.mkdirSync(path.join(app.dataDir, "packs"), { recursive: true });
  fs.writeFileSync(path.join(app.dataDir, "packs", file), bytes);
  const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
  const at = new Date().toISOString();
  execute(
    app,
    "insert into pack_exports (campaign_id, status, file, bytes, sha256, manifest_sha256, created_at, started_at, finished_at) values (?, 'done', ?, ?, ?, ?, ?, ?, ?)",
    campaignIdOf(app, slug),
    file,
    bytes.length,
    sha256,
    sha256,
    at,
    at,
    at,
  );
  return file;
}

/** A signature as signing and confirming leave it; `news` is the "email me news" box. */
export function addSigner(app: RunningApp, slug: string, email: string, { news = true, verified = true, invalidated = false } = {}) {
  const campaignId = campaignIdOf(app, slug);
  const letter = query<{ id: number; letter_version_id: number; sha256: string }>(
    app,
    "select t.id, t.letter_version_id, t.sha256 from letter_texts t join letter_versions v on v.id = t.letter_version_id where v.campaign_id = ?",
    campaignId,
  )[0];
  const at = new Date().toISOString();
  execute(
    app,
    `insert into signatures (campaign_id, letter_version_id, letter_text_id, letter_sha256, name, email, signer_type, location, show_name, wants_updates, created_at, verified_at, invalidated_at, invalidated_reason)
     values (?, ?, ?, ?, ?, ?, 'individual', 'Cardiff', 1, ?, ?, ?, ?, ?)`,
    campaignId,
    letter.letter_version_id,
    letter.id,
    letter.sha256,
    email.split("@")[0],
    email,
    news ? 1 : 0,
    at,
    verified ? at : null,
    invalidated ? at : null,
    invalidated ? "Spam" : null,
  );
}
