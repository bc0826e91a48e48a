import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getT, type UiLanguage } from "~/i18n";
import { isUiLanguage } from "~/i18n/paths";
import { listCampaignTexts, listRecipients } from "~/models/campaigns.server";
import { listCampaignEvents } from "~/models/events.server";
import {
  countPackSignatories,
  listApprovedSupportLetters,
  listPackSheetScans,
  listPackSignatoriesAfter,
  listSignedLetterTexts,
  type PackSignatory,
} from "~/models/packs.server";
import { languagesOf, recipientTitle } from "~/services/campaigns.server";
import { parseEasyReadBody } from "~/schemas/easy-read";
import { pictureImage } from "~/services/pictures.server";
import { conflict } from "~/utils/domain-error";
import { type Language, type LetterVariant, now, type SignatureSource, type SignerType } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { packSigningKey, signManifest } from "~/utils/pack-key.server";
import { packSigningCert } from "~/utils/pack-cert.server";
import { signPdf } from "~/utils/pdf-signing.server";
import { getPrivacySettings } from "~/services/privacy-settings.server";
import { packExportDirPrefix } from "~/utils/pack-files.server";
import { uploadPath } from "~/utils/uploads.server";
import { copyHashed, csvLine, HashingWriter, hashFile, type PackFile, SIGNATORY_COLUMNS, signatoryRecord } from "./files.server";
import { type ByLanguage, type Picture, type SignedText } from "./letter-pdf.server";
import { LetterPdfOnItsThread } from "./letter-pdf-worker.server";
import { buildManifest, MANIFEST_FORMAT } from "./manifest.server";
import { uploadPageCount } from "./qpdf.server";
import { writeReadmes } from "./readme.server";
import { copySheetScans } from "./sheet-files.server";
import { supportLetterFileStem, supportLetterMarkdown } from "./support-letter-files.server";
import { writeZip } from "./zip.server";

// The signature pack's contents: the letter, every verified signatory and every approved letter of
// support, in a ZIP whose manifest.json lists each file's SHA-256 and is signed with the site's
// Ed25519 key. It streams: signatories are read in keyset-paged batches and written to letter.pdf,
// signatures.csv and signatures.json as they come, so memory stays flat for a million.
//
// A campaign in Welsh and English gets one pack in both: letter.pdf in its primary language with
// the other beside it and each language's letter text, a `language` column in the CSV and JSON
// (the language each person signed in), and manifest.json listing every language's letter text.
//
// A campaign with an Easy Read letter gets it in letter.pdf after each version's standard texts,
// pictures and all, and counts by variant (the letter text signed: standard or easy_read) and of
// signatures someone helped to make, whose helper the CSV, the JSON and the PDF's table name.
//
// Signatures from the room (paper sheets typed in twice, kiosks at events) are signatories like the
// others, with where they signed in the CSV and JSON (source, sheet and row, event), under the name
// in the PDF's table, and counted by source on the cover and in the manifest; the scan of each sheet
// with a signature in the pack goes in under sheets/, listed in the manifest like every file.

const BATCH = 5_000;
/** Easy Read pictures are drawn about 80 points wide: this many pixels prints them sharp at 300 dpi and more. */
const PICTURE_PIXELS = 360;

/**
 * Writes one pack in a temporary folder named after the export (removed when it ends, however it
 * ends) and returns its ZIP. `onProgress` is awaited after every batch; it stops the export by throwing.
 */
export async function writePack({
  packId,
  campaign,
  onProgress,
}: {
  packId: number;
  campaign: { id: number; slug: string; title: string; language: Language; languages: string };
  onProgress: (done: number, total: number) => Promise<void>;
}) {
  const at = now();
  const campaignId = campaign.id;
  const languages = languagesOf(campaign);
  const [recipients, campaignTexts, total, signedTexts, supportLetters, sheetScans, events] = await Promise.all([
    listRecipients({ campaignId }),
    listCampaignTexts({ campaignIds: [campaignId] }),
    countPackSignatories({ campaignId, at }),
    listSignedLetterTexts({ campaignId, at }),
    listApprovedSupportLetters({ campaignId }),
    listPackSheetScans({ campaignId, at }),
    listCampaignEvents({ campaignId }),
  ]);
  const inOrder = languageOrder(languages);
  const texts = [...signedTexts].sort(
    (a, b) => a.number - b.number || variantOrder(a.variant) - variantOrder(b.variant) || inOrder(a.language) - inOrder(b.language),
  );
  const titles: ByLanguage = Object.fromEntries(languages.map((l) => [l, campaignTexts.find((c) => c.language === l)?.title || campaign.title]));
  const people = recipients.map((r) => ({ name: r.name, titles: Object.fromEntries(languages.map((l) => [l, recipientTitle(r, l)])), role: r.role }));

  fs.mkdirSync(env.PACKS_DIR, { recursive: true });
  const dir = fs.mkdtempSync(packExportDirPrefix(packId));
  const inDir = (name: string) => path.join(dir, name);
  let pdf: LetterPdfOnItsThread | undefined;
  try {
    const uploads = new Map<number, number | undefined>();
    for (const letter of supportLetters) if (letter.pdf_file) uploads.set(letter.id, await uploadPageCount(uploadPath(letter.pdf_file), letter.id));
    // Before the long part: a scan that is missing or changed ends the export at once.
    const sheetFiles = await copySheetScans(sheetScans, dir);

    const pictures = await loadPictures(texts);
    await onProgress(0, total);
    pdf = new LetterPdfOnItsThread(inDir("letter.pdf"), { title: titles[languages[0]] ?? campaign.title, languages });
    pdf.letters(texts, pictures);
    pdf.startSignatories(total);

    const csv = new HashingWriter(inDir("signatures.csv"), "signatures.csv", { deflate: true });
    const json = new HashingWriter(inDir("signatures.json"), "signatures.json", { deflate: true });
    await csv.write(csvLine([...SIGNATORY_COLUMNS]));
    await json.write("[");
    // The heading and the progress give `total`; the figures (the cover's, README.txt's, the manifest's) count the rows written.
    const tally = new Tally();
    let written = 0;
    for (let afterId = 0; ; ) {
      const rows = await listPackSignatoriesAfter({ campaignId, at, afterId, limit: BATCH });
      if (!rows.length) break;
      pdf.addSignatories(rows);
      tally.add(rows);
      const records = rows.map(signatoryRecord);
      await csv.write(records.map((r) => csvLine(Object.values(r))).join(""));
      await json.write(records.map((r, i) => `${written + i ? "," : ""}\n${JSON.stringify(r)}`).join(""));
      await pdf.drained();
      written += rows.length;
      afterId = rows[rows.length - 1].id;
      await onProgress(written, total);
    }
    await json.write("\n]\n");

    const files: PackFile[] = [];
    const supportFiles: PackFile[] = [];
    for (const letter of supportLetters) {
      const stem = `support-letters/${supportLetterFileStem(letter.id, letter.author_name)}`;
      fs.mkdirSync(inDir("support-letters"), { recursive: true });
      const pages = uploads.get(letter.id);
      await pdf.supportLetter(letter, !letter.pdf_file ? undefined : pages ? { file: uploadPath(letter.pdf_file), pages } : { unreadable: `${stem}.pdf` });
      if (letter.body) {
        const md = new HashingWriter(inDir(`${stem}.md`), `${stem}.md`);
        await md.write(supportLetterMarkdown(letter));
        supportFiles.push(await md.end());
      }
      if (letter.pdf_file) {
        // Kept as it was stored even when qpdf cannot read it: it is what was sent, and another reader may open it.
        supportFiles.push(await copyHashed(uploadPath(letter.pdf_file), inDir(`${stem}.pdf`), `${stem}.pdf`));
      }
    }
    const counts = tally.counts();
    const bySignerType = sumBy(counts, (c) => c.signerType);
    // Every language of the campaign, with nought for one nobody signed in; then any other (a language since dropped).
    const byLanguage = new Map<string, number>([...languages.map((l) => [l, 0] as const), ...sumBy(counts, (c) => c.language)]);
    const byLetterText = [...sumBy(counts, (c) => `${c.number} ${c.textLanguage} ${c.variant} ${c.sha256}`)]
      .map(([key, count]) => {
        const [number, language, variant, sha256] = key.split(" ");
        return { number: Number(number), language, variant, sha256, count };
      })
      .sort((a, b) => a.number - b.number || variantOrder(a.variant) - variantOrder(b.variant) || inOrder(a.language) - inOrder(b.language));
    // Both variants, nought included: a campaign without Easy Read says "easy_read": 0.
    const byVariant = new Map<string, number>([["standard", 0], ["easy_read", 0], ...sumBy(counts, (c) => c.variant)]);
    const assisted = counts.reduce((sum, c) => sum + c.assisted, 0);
    const hasEasyRead = texts.some((t) => t.variant === "easy_read") || byVariant.get("easy_read")! > 0;
    // Every source, nought included: a campaign nobody signed on paper for says "paper": 0.
    const bySource = new Map<string, number>([["online", 0], ["paper", 0], ["event", 0], ...sumBy(counts, (c) => c.source)]);
    const inTheRoom = bySource.get("paper")! + bySource.get("event")! > 0;
    // The signatures made at each event (its kiosks), in the events' order (soonest first).
    const byEventId = sumBy(
      counts.filter((c) => c.source === "event" && c.eventId !== null),
      (c) => String(c.eventId),
    );
    const byEvent = events.filter((e) => byEventId.has(String(e.id))).map((e) => ({ name: e.name, place: e.place, count: byEventId.get(String(e.id))! }));
    await pdf.end({
      titles,
      exportedAt: at,
      recipients: people,
      total: written,
      bySignerType: [...bySignerType].map(([signerType, count]) => ({ signerType: signerType as SignerType, count })),
      byLanguage: [...byLanguage].filter(([language]) => isUiLanguage(language)).map(([language, count]) => ({ language: language as UiLanguage, count })),
      byLetterText,
      byVariant: hasEasyRead ? (Object.fromEntries(byVariant) as Record<LetterVariant, number>) : undefined,
      assisted,
      bySource: inTheRoom ? (Object.fromEntries(bySource) as Record<SignatureSource, number>) : undefined,
      byEvent,
      sheetScans: sheetScans.length,
      supportLetters: supportLetters.length,
      siteUrl: env.PUBLIC_URL,
    });
    // letter.pdf's PAdES signature, on the finished file: nothing changes it after, and the manifest hashes the signed file.
    await signLetterPdf(inDir("letter.pdf"), titles[languages[0]] ?? campaign.title, languages[0]);

    const key = packSigningKey();
    fs.writeFileSync(inDir("public-key.pem"), key.publicPem);
    files.push(await hashFile(inDir("letter.pdf"), "letter.pdf"), await csv.end(), await json.end(), ...supportFiles, ...sheetFiles);
    files.push(await hashFile(inDir("public-key.pem"), "public-key.pem"));
    // README.txt (and README.cy.txt) last: each names every file above, so any file added to the pack goes in before it.
    files.push(
      ...(await writeReadmes({
        dir,
        languages,
        titles,
        exportedAt: at,
        signatures: written,
        bySource: inTheRoom ? { online: bySource.get("online")!, paper: bySource.get("paper")!, event: bySource.get("event")! } : undefined,
        supportLetters: supportLetters.length,
        files: files.map((file) => file.path),
        siteUrl: env.PUBLIC_URL,
        fingerprint: key.fingerprint,
      })),
    );

    const manifest = buildManifest({
      format: MANIFEST_FORMAT,
      campaign: {
        slug: campaign.slug,
        title: campaign.title,
        language: languages[0],
        languages,
        titles,
        recipients: recipients.map((r, i) => ({ name: r.name, title: r.title, titles: people[i].titles, role: r.role })),
      },
      exportedAt: at,
      counts: {
        signatures: written,
        bySignerType: Object.fromEntries(bySignerType),
        byLanguage: Object.fromEntries(byLanguage),
        byLetterVersion: byLetterText.map((v) => ({ version: v.number, language: v.language, variant: v.variant, sha256: v.sha256, signatures: v.count })),
        byVariant: Object.fromEntries(byVariant),
        assisted,
        bySource: Object.fromEntries(bySource),
        supportLetters: supportLetters.length,
      },
      letterVersions: texts.map((t) => ({ version: t.number, language: t.language, variant: t.variant, sha256: t.sha256 })),
      files,
    });
    const signature = signManifest(manifest);
    const zip = await writeZip({ dir, files, manifest, signature, name: `pack-${packId}-${crypto.randomBytes(8).toString("hex")}.zip` });
    return { ...zip, manifestSha256: crypto.createHash("sha256").update(manifest).digest("hex"), manifestSignature: signature.toString("base64") };
  } finally {
    await pdf?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every picture the Easy Read texts name, once each, read before letter.pdf is begun. One that
 * cannot be read ends the export, naming it, as a missing uploaded letter of support does: a
 * letter.pdf without it would not be the letter people signed.
 */
async function loadPictures(texts: SignedText[]) {
  const refs = new Set(texts.filter((t) => t.variant === "easy_read").flatMap((t) => parseEasyReadBody(t.body).map((row) => row.picture)));
  refs.delete("");
  const pictures = new Map<string, Picture>();
  for (const ref of refs) {
    try {
      pictures.set(ref, await pictureImage(ref, PICTURE_PIXELS));
    } catch (error) {
      logger.warn({ err: error, picture: ref }, "An Easy Read picture cannot be read for the pack");
      throw conflict("pack.errors.pictureUnreadable", { picture: ref });
    }
  }
  return pictures;
}

/** The standard letter first, then the Easy Read one. */
function variantOrder(variant: string) {
  return variant === "easy_read" ? 1 : 0;
}

/** Sorts languages as the campaign lists them (primary first), any other after. */
function languageOrder(languages: string[]) {
  return (language: string) => (languages.includes(language) ? languages.indexOf(language) : languages.length);
}

/** Each combination of the figures' keys, and how many signatories have it: the cover, README.txt and manifest.json add them up. */
interface PackCount {
  signerType: SignerType;
  language: string;
  number: number;
  textLanguage: string;
  variant: string;
  sha256: string;
  source: string;
  eventId: number | null;
  count: number;
  assisted: number;
}

/**
 * The pack's figures, counted from the signatories as they are written: so the cover, README.txt
 * and manifest.json count exactly the rows the pack lists, and a six-million-row export does not
 * wait half a minute for a GROUP BY before its first row.
 */
class Tally {
  private readonly byKey = new Map<string, PackCount>();

  add(rows: PackSignatory[]) {
    for (const r of rows) {
      const key = `${r.signer_type}\t${r.language}\t${r.letter_version}\t${r.text_language}\t${r.letter_variant}\t${r.letter_sha256}\t${r.source}\t${r.event_id}`;
      let count = this.byKey.get(key);
      if (!count) {
        count = {
          signerType: r.signer_type,
          language: r.language,
          number: r.letter_version,
          textLanguage: r.text_language,
          variant: r.letter_variant,
          sha256: r.letter_sha256,
          source: r.source,
          eventId: r.event_id,
          count: 0,
          assisted: 0,
        };
        this.byKey.set(key, count);
      }
      count.count += 1;
      if (r.helper_name !== null) count.assisted += 1;
    }
  }

  counts() {
    return [...this.byKey.values()];
  }
}

function sumBy<T extends { count: number }>(rows: T[], key: (row: T) => string) {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + row.count);
  return sums;
}

/**
 * Signs letter.pdf in place (PAdES, with the site's signing certificate, made on first use
 * naming the data controller if staff have named one): a PDF reader's signature panel shows it.
 */
async function signLetterPdf(file: string, title: string, language: Language) {
  const certificate = packSigningCert({ organisation: (await getPrivacySettings()).controllerName });
  const t = getT(isUiLanguage(language) ? language : undefined);
  await signPdf(file, certificate, {
    name: t("site.name"),
    reason: t("pack.pdf.signatureReason", { title }),
    location: new URL(env.PUBLIC_URL).host,
    signedAt: new Date(),
  });
}
