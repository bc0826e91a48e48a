import type { Generated, Insertable, Selectable, Updateable } from "kysely";

// snake_case columns, ISO-8601 text timestamps, 0/1 integers for booleans (converted in models).

export type CampaignStatus = "draft" | "submitted" | "open" | "closed" | "delivered" | "archived";
export type Language = "en" | "cy";
export type RecipientRole = "to" | "cc";
export type SignerType = "individual" | "professional" | "organisation";
export type LetterVariant = "standard" | "easy_read";
/** How the person who helped someone sign knows them. */
export type SignatureSource = "online" | "paper" | "event";
export type HelperRelation = "support_worker" | "family" | "friend" | "advocate" | "other";
export type SupportLetterMode = "open" | "invitation";
/**
 * unconfirmed: waiting for its author to confirm by email; pending: waiting for moderation;
 * sent_back: returned to its author with a note, to revise and resubmit (then pending again);
 * approved: public and in the signature pack; rejected: neither.
 */
export type SupportLetterStatus = "unconfirmed" | "pending" | "sent_back" | "approved" | "rejected";
export type OutboxStatus = "pending" | "sending" | "sent" | "failed";

export interface CampaignsTable {
  id: Generated<number>;
  slug: string;
  title: string;
  summary: string;
  /** The primary language; title, summary and thank_you are its texts (every language's: campaign_texts). */
  language: Language;
  /** The campaign's languages, comma-separated, primary first: "en", "cy", "cy,en". */
  languages: Generated<string>;
  status: CampaignStatus;
  goal: number | null;
  closes_at: string | null;
  thank_you: string | null;
  /** Who may send a letter of support: anyone with the link, or invited people only. */
  support_letters: Generated<SupportLetterMode>;
  created_at: string;
  updated_at: string;
  /** When it last closed or was delivered (null while it has not ended): retention counts from here. */
  ended_at: string | null;
  /**
   * Moved by database triggers on every write that changes what the campaign's public pages show
   * (db/migrations/2026_12_01_0510_page_versions.ts): the page cache keeps a page while it stays.
   */
  page_version: Generated<number>;
}

/** A campaign's title, summary and thank-you message in one of its languages. */
export interface CampaignTextsTable {
  campaign_id: number;
  language: Language;
  title: string;
  summary: string;
  thank_you: string | null;
}

export interface LetterVersionsTable {
  id: Generated<number>;
  campaign_id: number;
  number: number;
  reason: string | null;
  created_at: string;
}

/** One text of a letter version: one per language, and per variant (standard or Easy Read). */
export interface LetterTextsTable {
  id: Generated<number>;
  letter_version_id: number;
  language: Language;
  variant: LetterVariant;
  body: string;
  sha256: string;
  created_at: string;
}

export interface RecipientsTable {
  id: Generated<number>;
  campaign_id: number;
  position: number;
  name: string;
  /** The primary language's title; every language's is in `titles` (JSON, by language). */
  title: string;
  titles: string | null;
  email: string | null;
  role: RecipientRole;
}

export interface SignaturesTable {
  id: Generated<number>;
  campaign_id: number;
  letter_version_id: number;
  letter_text_id: number;
  letter_sha256: string;
  /** The language they signed, wrote or were invited in: later mail to them is in it. */
  language: Generated<Language>;
  name: string;
  /** Null only for a signer on paper or at an event who gave none. */
  email: string | null;
  signer_type: SignerType;
  organisation: string | null;
  role: string | null;
  location: string;
  comment: string | null;
  show_name: number;
  wants_updates: number;
  ip_address: string | null;
  created_at: string;
  verified_at: string | null;
  /**
   * What the batch counter still owes the campaign's count: 1 for a verification not yet added,
   * -1 for an invalidation of a signature already counted, 0 for nothing.
   */
  count_pending: Generated<number>;
  /** Confirmation mails queued for this signature, capped to stop mail bombing. */
  mails_sent: Generated<number>;
  /** Moderation: hidden from the public page, still counted (0/1). */
  name_hidden: Generated<number>;
  comment_hidden: Generated<number>;
  /** Moderation: an invalidated signature leaves every count but is kept, with why and by whom. */
  invalidated_at: string | null;
  invalidated_reason: string | null;
  invalidated_by: number | null;
  /** Assisted signing: who helped (null when nobody did), and how they know the signer. */
  helper_name: string | null;
  helper_relation: HelperRelation | null;
  /** Where it was signed: online, on a paper sheet (and which row), or at an event (a kiosk). */
  source: Generated<SignatureSource>;
  sheet_id: number | null;
  sheet_row: number | null;
  event_id: number | null;
  /**
   * A quiet abuse flag: why it was flagged (null: never). Until a moderator clears it, the signer's
   * confirmation is kept in flag_confirmed_at instead of verified_at, so it is not counted, listed
   * or packed, while the signer sees what anyone sees.
   */
  flag_reason: FlagReason | null;
  flagged_at: string | null;
  flag_confirmed_at: string | null;
  flag_cleared_at: string | null;
  flag_cleared_by: number | null;
}

/** disposable: a throwaway mail domain; range: an address range the team marked; rate: one address signing faster than the team allows; burst: the same name and town many times within minutes. */
export type FlagReason = "disposable" | "range" | "rate" | "burst";

/** A withdrawn signature: deleted, leaving only this (no personal data), and what the count owes for it. */
export interface SignatureWithdrawalsTable {
  id: Generated<number>;
  signature_id: number;
  campaign_id: number;
  withdrawn_at: string;
  /** -1 while the batch counter has still to take a counted signature out of the count; else 0. */
  count_pending: Generated<number>;
}

/** What a campaign's team marks suspicious: address ranges (CIDR, one per line) and signatures an hour from one address. */
export interface AbuseRulesTable {
  campaign_id: number;
  ranges: string | null;
  hourly_limit: number | null;
  updated_by: number | null;
  updated_at: string;
}

/** The retention run for one campaign: held back by staff, or anonymised up to `cursor` (a signature id). */
export interface CampaignRetentionTable {
  campaign_id: number;
  held_reason: string | null;
  held_by: number | null;
  held_at: string | null;
  cursor: Generated<number>;
  started_at: string | null;
  anonymised_at: string | null;
}

/** A /my-data link (single use, 15 minutes) and the short session opening it starts. */
export interface MyDataLinksTable {
  id: Generated<number>;
  email: string;
  /** SHA-256 of the token in the mailed link. */
  token_hash: string;
  language: Generated<Language>;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** SHA-256 of the session id in the cookie set when the link was used, and when that session ends. */
  session_hash: string | null;
  session_expires_at: string | null;
}

/** An event where people sign in person: its dates (YYYY-MM-DD, inclusive), place and language. */
export interface EventsTable {
  id: Generated<number>;
  campaign_id: number;
  name: string;
  place: string | null;
  starts_on: string;
  ends_on: string;
  language: Language;
  created_by: number | null;
  created_at: string;
}

/** A kiosk for an event, opened by a secret link whose SHA-256 is kept; usable on the event's dates until closed. */
export interface KiosksTable {
  id: Generated<number>;
  event_id: number;
  token_hash: string;
  opened_by: number | null;
  opened_at: string;
  closed_at: string | null;
  closed_by: number | null;
}

/** A printed signature sheet (S-0001 is number 1 of its campaign), and its scan once it is back. */
export interface SheetsTable {
  id: Generated<number>;
  campaign_id: number;
  number: number;
  check_code: string;
  letter_version_id: number;
  event_id: number | null;
  issued_by: number | null;
  issued_at: string;
  /** A generated name under UPLOADS_DIR, its type (application/pdf, image/png, image/jpeg), SHA-256 and size. */
  scan_file: string | null;
  scan_type: string | null;
  scan_sha256: string | null;
  scan_bytes: number | null;
}

/** One person's typing of a sheet: the first or the second; a sheet is keyed twice, by two people. */
export interface SheetKeyingsTable {
  id: Generated<number>;
  sheet_id: number;
  /** 1 or 2. */
  keying: number;
  keyed_by: number | null;
  via: "form" | "csv";
  created_at: string;
}

/** A row of a sheet as one keying typed it (a row left empty has none). */
export interface SheetKeyedRowsTable {
  keying_id: number;
  /** 1 to 10. */
  row: number;
  name: string;
  town: string;
  signer_type: SignerType;
  organisation: string | null;
  role: string | null;
  email: string | null;
  show_name: number;
}

/**
 * What became of a row once both keyings were in. agreed or settled: a signature; duplicate: its
 * email had already signed (`duplicate_of`); disputed: the keyings differ, waiting for someone to
 * settle it looking at the sheet; blank: settled as empty; withdrawn: its signer withdrew (the
 * signature and what both keyings typed for the row are deleted). Rows both left empty have no record.
 */
export type SheetRowStatus = "agreed" | "settled" | "duplicate" | "disputed" | "blank" | "withdrawn";

export interface SheetRowsTable {
  sheet_id: number;
  row: number;
  status: SheetRowStatus;
  signature_id: number | null;
  duplicate_of: number | null;
  settled_by: number | null;
  settled_at: string | null;
  /** JSON, for a settled row: the values it was settled with, and where each disputed field's came from ("first", "second" or "typed"). */
  choices: string | null;
}

/** A campaigner's own picture for an Easy Read letter, named in letters as `upload:{sha256}`. */
export interface PicturesTable {
  id: Generated<number>;
  sha256: string;
  campaign_id: number;
  /** A generated name under UPLOADS_DIR: `{sha256}.png` or `.jpg` (an SVG is stored rasterised). */
  file: string;
  content_type: "image/png" | "image/jpeg";
  width: number;
  height: number;
  bytes: number;
  uploaded_by: number | null;
  created_at: string;
}

export interface VerificationTokensTable {
  id: Generated<number>;
  signature_id: number;
  token_hash: string;
  created_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  template: string;
  recipient: string;
  /** Known once the worker has rendered the message (set when it is sent). */
  subject: string | null;
  /**
   * What the worker renders the message from: `{ language, variant, data }` as JSON, the template's
   * data. Cleared once sent: the data can hold a link that grants access.
   */
  payload: string | null;
  /** Only for messages queued rendered, before mail was rendered by the worker; cleared once sent. */
  text_body: string | null;
  html_body: string | null;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: string;
  locked_until: string | null;
  /** While "sending": the key of the app process sending it (utils/app-process.server.ts). */
  claimed_by: number | null;
  last_error: string | null;
  message_id: string;
  created_at: string;
  sent_at: string | null;
  /** A file to attach: a generated name under DATA_DIR/packs/ (a signature pack), and the name the reader sees. */
  attachment_file: string | null;
  attachment_name: string | null;
  /** Extra headers as a JSON object, such as List-Unsubscribe; cleared with the body once sent. */
  headers: string | null;
  /** A webhook delivery rather than a mail: its webhook (template "webhook", payload the JSON body). */
  webhook_id: number | null;
}

export interface CampaignCountsTable {
  campaign_id: number;
  verified_count: number;
  updated_at: string;
}

export type UserRole = "campaigner" | "staff" | "admin";

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  role: UserRole;
  /** The language they signed, wrote or were invited in: later mail to them is in it. */
  language: Generated<Language>;
  created_at: string;
  last_sign_in_at: string | null;
  /** Erased at its owner's request: address and name gone, never signs in again; the id stays for the audit log. */
  erased_at: string | null;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  code_hash: string;
  code_tries: Generated<number>;
  redirect_to: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A wrong sign-in code, counted against its address for an hour. */
export interface SignInCodeFailuresTable {
  id: Generated<number>;
  /** The SHA-256 of the address the code was typed for, whether or not it has an account. */
  email_hash: string;
  failed_at: string;
}

export interface SessionsTable {
  /** The SHA-256 of the random id held in the cookie. */
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export type MemberRole = "owner" | "editor";

export interface CampaignMembersTable {
  campaign_id: number;
  user_id: number;
  role: MemberRole;
  created_at: string;
}

/** An invitation to a campaign's team, by email: single use, expires, can be cancelled. */
export interface CampaignInvitationsTable {
  id: Generated<number>;
  campaign_id: number;
  email: string;
  /** The SHA-256 of the token in the emailed link. */
  token_hash: string;
  /** The language they signed, wrote or were invited in: later mail to them is in it. */
  language: Generated<Language>;
  invited_by: number;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  cancelled_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  user_id: number | null;
  campaign_id: number | null;
  action: string;
  before: string | null;
  after: string | null;
  created_at: string;
}

/** A personal invitation to write a letter of support, by email. Lasts until answered or cancelled. */
export interface SupportInvitationsTable {
  id: Generated<number>;
  campaign_id: number;
  /** The invitee's name, if the campaigner gave one (for the greeting). */
  name: string | null;
  email: string;
  /** A personal note from the campaigner, included in the mail. */
  message: string | null;
  /** The SHA-256 of the token in the invitation link. */
  token_hash: string;
  /** The language they signed, wrote or were invited in: later mail to them is in it. */
  language: Generated<Language>;
  invited_by: number;
  created_at: string;
  reminders_sent: Generated<number>;
  last_reminded_at: string | null;
  /** When a letter was submitted through this invitation. */
  answered_at: string | null;
  cancelled_at: string | null;
}

/** A letter of support from a person or organisation: text (Markdown) and/or an uploaded PDF. */
export interface SupportLettersTable {
  id: Generated<number>;
  campaign_id: number;
  /** The invitation it answers, when the campaign takes letters by invitation. */
  invitation_id: number | null;
  author_name: string;
  email: string;
  /** Role or title, such as "Professor of Social Care". */
  role: string | null;
  organisation: string | null;
  /** ISO 3166-1 alpha-2 code, such as "GB". */
  country: string;
  /** The language they signed, wrote or were invited in: later mail to them is in it. */
  language: Generated<Language>;
  /** The letter as Markdown (rendered with raw HTML off), and the SHA-256 of its LF-normalised text. */
  body: string | null;
  body_sha256: string | null;
  /** The uploaded PDF: a generated file name under DATA_DIR/uploads/, never the uploader's name. */
  pdf_file: string | null;
  pdf_bytes: number | null;
  pdf_sha256: string | null;
  /** When the author agreed to publication (required to submit). */
  consent_at: string;
  status: SupportLetterStatus;
  /** The note sent to the author with the last decision (sent back or rejected). */
  moderation_note: string | null;
  decided_at: string | null;
  decided_by: number | null;
  /** SHA-256 of the token in the confirmation link; of the link to revise a letter sent back. */
  confirm_token_hash: string | null;
  revise_token_hash: string | null;
  /** Confirmation mails queued for this letter, capped as for signatures. */
  mails_sent: Generated<number>;
  ip_address: string | null;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
}

export type PackExportStatus = "queued" | "running" | "done" | "failed";

/** One export of a campaign's signature pack: a background job, then a ZIP under DATA_DIR/packs/. */
export interface PackExportsTable {
  id: Generated<number>;
  campaign_id: number;
  status: PackExportStatus;
  /** Signatures written so far, of `total`: the progress bar. */
  progress: Generated<number>;
  total: Generated<number>;
  /** The ZIP's generated file name under DATA_DIR/packs/, its size and SHA-256, once done. */
  file: string | null;
  bytes: number | null;
  sha256: string | null;
  /** The SHA-256 of manifest.json inside the ZIP: what the Ed25519 signature covers. */
  manifest_sha256: string | null;
  /** Its manifest's Ed25519 signature, base64: kept when the ZIP itself is deleted. */
  manifest_signature: string | null;
  error: string | null;
  /** Who asked for it; null from the command line. */
  requested_by: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** While running: until when the process making it holds it (ISO time, renewed as it works). */
  lease_until: string | null;
  /** When the retention run deleted its ZIP; the row, hashes and signature stay for /verify-pack. */
  file_deleted_at: string | null;
}

export type DeliveryMethod = "email" | "hand" | "post";

/**
 * A pack delivered to one recipient. By email, the outbox message it went out as is its state
 * (queued, sent, failed); by hand or post, staff record when, who took it and a note. The
 * recipient is copied: the editor replaces recipient rows.
 */
export interface DeliveriesTable {
  id: Generated<number>;
  campaign_id: number;
  recipient_id: number | null;
  recipient_name: string;
  recipient_title: string;
  recipient_role: RecipientRole;
  recipient_email: string | null;
  pack_export_id: number;
  method: DeliveryMethod;
  covering_message: string | null;
  /** By email: the last outbox message (a re-send replaces it), and the SHA-256 of the download link's token. */
  outbox_id: number | null;
  download_token_hash: string | null;
  first_downloaded_at: string | null;
  /** By hand or post. */
  delivered_on: string | null;
  delivered_by: string | null;
  note: string | null;
  created_by: number;
  created_at: string;
}

export type ResponseMailingStatus = "mailing" | "done";

/** A recipient's response: public on the campaign page, mailed to signers who asked for news. */
export interface ResponsesTable {
  id: Generated<number>;
  campaign_id: number;
  recipient_id: number | null;
  from_name: string;
  from_title: string;
  /** The date it was received (YYYY-MM-DD). */
  received_on: string;
  /** Markdown, rendered with raw HTML off. */
  body: string;
  /** An uploaded PDF: a generated name under DATA_DIR/uploads/. */
  pdf_file: string | null;
  pdf_bytes: number | null;
  created_by: number;
  created_at: string;
  mailing_status: ResponseMailingStatus;
  /** The last signature id whose mail is queued: moved in the same transaction as each batch. */
  mailing_cursor: Generated<number>;
  mailed_count: Generated<number>;
  mailing_finished_at: string | null;
}

/** An event a webhook can be told of. */
export type WebhookEvent = "signature.verified" | "campaign.delivered" | "response.published";

/** A URL a campaign's team wants told of events (app/services/webhooks.server.ts). */
export interface WebhooksTable {
  id: Generated<number>;
  campaign_id: number;
  url: string;
  /** 32 random bytes as hex: deliveries are signed with it, so it is kept as it is. */
  secret: string;
  /** A JSON list of WebhookEvent. */
  events: string;
  /** 0/1: signers' emails in signature.verified (set only by those who may see them). */
  include_emails: Generated<number>;
  created_by: number | null;
  created_at: string;
  disabled_at: string | null;
}

/** One try at delivering a webhook's event: what the receiver answered, or why it could not. */
export interface WebhookAttemptsTable {
  id: Generated<number>;
  webhook_id: number;
  outbox_id: number | null;
  delivery_id: string;
  event: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  delivered: Generated<number>;
}

/** Site-wide settings staff can change, such as whether campaigns need approval. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface DB {
  campaigns: CampaignsTable;
  campaign_texts: CampaignTextsTable;
  letter_versions: LetterVersionsTable;
  letter_texts: LetterTextsTable;
  pictures: PicturesTable;
  events: EventsTable;
  kiosks: KiosksTable;
  sheets: SheetsTable;
  sheet_keyings: SheetKeyingsTable;
  sheet_keyed_rows: SheetKeyedRowsTable;
  sheet_rows: SheetRowsTable;
  recipients: RecipientsTable;
  signatures: SignaturesTable;
  signature_withdrawals: SignatureWithdrawalsTable;
  abuse_rules: AbuseRulesTable;
  campaign_retention: CampaignRetentionTable;
  my_data_links: MyDataLinksTable;
  verification_tokens: VerificationTokensTable;
  outbox: OutboxTable;
  campaign_counts: CampaignCountsTable;
  settings: SettingsTable;
  users: UsersTable;
  sign_in_attempts: SignInAttemptsTable;
  sign_in_code_failures: SignInCodeFailuresTable;
  sessions: SessionsTable;
  campaign_members: CampaignMembersTable;
  campaign_invitations: CampaignInvitationsTable;
  audit_log: AuditLogTable;
  support_invitations: SupportInvitationsTable;
  support_letters: SupportLettersTable;
  pack_exports: PackExportsTable;
  deliveries: DeliveriesTable;
  responses: ResponsesTable;
  webhooks: WebhooksTable;
  webhook_attempts: WebhookAttemptsTable;
}

export type Campaign = Selectable<CampaignsTable>;
export type NewCampaign = Insertable<CampaignsTable>;
export type CampaignUpdate = Updateable<CampaignsTable>;
export type LetterVersion = Selectable<LetterVersionsTable>;
export type LetterText = Selectable<LetterTextsTable>;
export type Picture = Selectable<PicturesTable>;
export type Recipient = Selectable<RecipientsTable>;
export type NewRecipient = Insertable<RecipientsTable>;
export type Signature = Selectable<SignaturesTable>;
export type NewSignature = Insertable<SignaturesTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type NewOutboxMessage = Insertable<OutboxTable>;
export type User = Selectable<UsersTable>;
export type SupportLetter = Selectable<SupportLettersTable>;
export type NewSupportLetter = Insertable<SupportLettersTable>;
export type SupportInvitation = Selectable<SupportInvitationsTable>;
export type PackExport = Selectable<PackExportsTable>;
export type Delivery = Selectable<DeliveriesTable>;
export type CampaignResponse = Selectable<ResponsesTable>;
