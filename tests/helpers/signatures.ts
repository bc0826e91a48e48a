import type { RunningApp } from "./app";
import { execute, query } from "./db";

export interface VerifiedSignature {
  name: string;
  email: string;
  /** English unless said otherwise. */
  language?: "cy" | "en";
  variant?: "standard" | "easy_read";
  location?: string;
  helper?: { name: string; relation: string };
  createdAt?: string;
  /** When the signer confirmed; `null` leaves the signature waiting for confirmation. */
  verifiedAt?: string | null;
}

/**
 * A verified signature of the campaign's letter text in its language and variant, written straight
 * into the database as the signing flow leaves it: for fixtures faster than signing through the form.
 */
export function insertVerifiedSignature(app: Pick<RunningApp, "databaseUrl">, slug: string, signature: VerifiedSignature) {
  const {
    name,
    email,
    language = "en",
    variant = "standard",
    location = "Cardiff",
    helper,
    createdAt = "2026-12-01T10:00:00.000Z",
    verifiedAt = "2026-12-01T10:05:00.000Z",
  } = signature;
  const [text] = query<{ id: number; letter_version_id: number; sha256: string; campaign_id: number }>(
    app,
    `select t.id, t.letter_version_id, t.sha256, v.campaign_id from letter_texts t join letter_versions v on v.id = t.letter_version_id
     join campaigns c on c.id = v.campaign_id where c.slug = ? and t.language = ? and t.variant = ?`,
    slug,
    language,
    variant,
  );
  execute(
    app,
    `insert into signatures (campaign_id, letter_version_id, letter_text_id, letter_sha256, language, name, email, signer_type, location,
       show_name, wants_updates, ip_address, created_at, verified_at, helper_name, helper_relation)
     values (?, ?, ?, ?, ?, ?, ?, 'individual', ?, 1, 0, '192.0.2.8', ?, ?, ?, ?)`,
    text!.campaign_id,
    text!.letter_version_id,
    text!.id,
    text!.sha256,
    language,
    name,
    email,
    location,
    createdAt,
    verifiedAt,
    helper?.name ?? null,
    helper?.relation ?? null,
  );
}
