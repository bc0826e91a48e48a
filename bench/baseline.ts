// The floor the app is measured against: a bare node:http server that does only what signing
// cannot do without. It parses the form, validates it with the app's own SignatureSchema, and
// writes the signature, its verification token and the outbox message in one transaction, on the
// app's schema and with the app's durability setting (db/connection.ts: WAL, synchronous=FULL).
// It answers 302 as the app does. It leaves out, on purpose, what the app adds around that core:
// Express and Remix routing, the campaign and letter look-ups, the rate limit, rendering the
// mail from its template, and the outbox worker that sends it afterwards.
//
// It also answers GET /c/{slug} with the app's campaign page as the app once served it (status,
// headers and bytes, read from the file BASELINE_PAGE), from memory: the floor for that page.
//
// Run by bench/run.ts as a child process: BASELINE_PORT, BASELINE_DATABASE_URL, BASELINE_PAGE.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { pathToFileURL } from "node:url";
import { SignatureSchema } from "../app/schemas/signature";
import { openDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrate";

const SLUG = "co-production-wales";
const BOOLEAN_FIELDS = new Set(["showName", "updates"]);

/**
 * A urlencoded body in the shape the schema expects, as conform's parseWithZod gives it: empty
 * fields are left out and a ticked checkbox ("on") is true.
 */
export function formToInput(body: string) {
  const input: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (value === "") continue;
    input[key] = BOOLEAN_FIELDS.has(key) ? value === "on" : value;
  }
  return input;
}

/**
 * One campaign with one letter version and its text: the rows a signature must point to, since
 * foreign keys are on. Ids are kept in memory, so a request does no look-ups before its insert.
 */
async function insertFixture(db: ReturnType<typeof openDatabase>) {
  const at = new Date().toISOString();
  const body = "Dear First Minister,\n\nWe ask you to make co-production the way public services are designed.";
  const campaign = await db
    .insertInto("campaigns")
    .values({ slug: SLUG, title: "Benchmark campaign", summary: "-", language: "en", status: "open", goal: null, closes_at: null, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto("letter_versions")
    .values({ campaign_id: campaign.id, number: 1, reason: null, created_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const sha256 = crypto.createHash("sha256").update(body).digest("hex");
  const text = await db
    .insertInto("letter_texts")
    .values({ letter_version_id: version.id, language: "en", variant: "standard", body, sha256, created_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { campaignId: campaign.id, letterVersionId: version.id, letterTextId: text.id, sha256 };
}

/** Headers that belong to one connection or one moment, not to the page. */
const HOP_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "date", "set-cookie"]);

/** A response saved as JSON ({ status, headers, body: base64 }), ready to be sent again as it was. */
export function readSavedPage(file: string) {
  const saved = JSON.parse(fs.readFileSync(file, "utf8")) as { status: number; headers: Record<string, string | string[]>; body: string };
  const body = Buffer.from(saved.body, "base64");
  const headers: Record<string, string | string[]> = { "content-length": String(body.length) };
  for (const [name, value] of Object.entries(saved.headers)) if (!HOP_HEADERS.has(name)) headers[name] = value;
  return { status: saved.status, headers, body };
}

export async function startBaseline({ databaseUrl, port, pageFile }: { databaseUrl: string; port: number; pageFile?: string }) {
  const db = openDatabase(databaseUrl);
  await migrateToLatest(db);
  const letter = await insertFixture(db);
  const publicUrl = `http://127.0.0.1:${port}`;
  const page = pageFile ? readSavedPage(pageFile) : undefined;

  async function sign(body: string, ipAddress: string) {
    const parsed = SignatureSchema.safeParse(formToInput(body));
    if (!parsed.success) return 400;
    const input = parsed.data;
    const token = crypto.randomBytes(32).toString("base64url");
    const tokenHash = crypto.createHash("sha256").update(token).digest("hex");
    const verifyUrl = `${publicUrl}/verify/${token}`;
    await db.transaction().execute(async (trx) => {
      const createdAt = new Date().toISOString();
      const row = await trx
        .insertInto("signatures")
        .values({
          campaign_id: letter.campaignId,
          letter_version_id: letter.letterVersionId,
          letter_text_id: letter.letterTextId,
          letter_sha256: letter.sha256,
          name: input.name,
          email: input.email,
          signer_type: input.signerType,
          organisation: input.signerType === "individual" ? null : (input.organisation ?? null),
          role: input.role || null,
          location: input.location,
          comment: input.comment || null,
          show_name: input.showName ? 1 : 0,
          wants_updates: input.updates ? 1 : 0,
          ip_address: ipAddress,
          created_at: createdAt,
          mails_sent: 1,
        })
        .onConflict((oc) => oc.columns(["campaign_id", "email"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!row) return; // the benchmark signs with distinct addresses; a repeat changes nothing here
      await trx.insertInto("verification_tokens").values({ signature_id: row.id, token_hash: tokenHash, created_at: createdAt }).execute();
      // A short mail from plain strings: rendering the template is one of the app's additions.
      await trx
        .insertInto("outbox")
        .values({
          template: "verify-signature",
          recipient: input.email,
          subject: "Confirm your signature",
          text_body: `Hello ${input.name},\n\nConfirm your signature by opening this link:\n${verifyUrl}\n`,
          html_body: `<p>Hello ${input.name},</p><p><a href="${verifyUrl}">Confirm your signature</a></p>`,
          status: "pending",
          next_attempt_at: createdAt,
          message_id: `${crypto.randomUUID()}@undersigned`,
          created_at: createdAt,
        })
        .execute();
    });
    return 302;
  }

  const server = http.createServer((req, res) => {
    if (page && req.method === "GET" && req.url === `/c/${SLUG}`) {
      res.writeHead(page.status, page.headers).end(page.body);
      return;
    }
    if (req.method !== "POST" || req.url !== `/c/${SLUG}/sign`) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const forwarded = req.headers["x-forwarded-for"];
      const ipAddress = (typeof forwarded === "string" && forwarded.split(",").at(-1)?.trim()) || req.socket.remoteAddress || "unknown";
      sign(Buffer.concat(chunks).toString("utf8"), ipAddress).then(
        (status) => res.writeHead(status, status === 302 ? { Location: `/c/${SLUG}/check-email` } : {}).end(),
        (error) => {
          console.error(error);
          res.writeHead(500).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  return {
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.destroy();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.BASELINE_PORT);
  const databaseUrl = process.env.BASELINE_DATABASE_URL;
  if (!port || !databaseUrl) throw new Error("Set BASELINE_PORT and BASELINE_DATABASE_URL");
  const baseline = await startBaseline({ databaseUrl, port, pageFile: process.env.BASELINE_PAGE || undefined });
  console.log(`Baseline is listening on http://127.0.0.1:${port}`);
  const stop = async () => {
    await baseline.stop();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
