import { z } from "zod";
import type { PackFile } from "./files.server";

// manifest.json: what a pack holds, signed byte for byte by manifest.sig. Each file is one line
// ({"path":…,"bytes":…,"sha256":…}), so sed and `sha256sum -c` can check a pack (README).

export const MANIFEST_FORMAT = "undersigned-pack/1";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().min(0);
/** A text in each of the campaign's languages: {"cy": "Prif Weinidog", "en": "First Minister"}. */
const byLanguage = z.record(z.string(), z.string());

// The campaign's languages, its texts per language, and the counts by language came with Welsh
// and English campaigns; the counts by variant and of assisted signatures with Easy Read letters;
// the counts by source with paper sheets and events (and the sheets' scans, files like any other).
// They are optional here, so packs exported before still check; the format stays
// undersigned-pack/1, as nothing that was there changed.
export const ManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  campaign: z.object({
    slug: z.string(),
    /** In the primary language. */
    title: z.string(),
    /** The primary language, then the others. */
    language: z.string().optional(),
    languages: z.array(z.string()).optional(),
    titles: byLanguage.optional(),
    recipients: z.array(z.object({ name: z.string(), title: z.string(), titles: byLanguage.optional(), role: z.enum(["to", "cc"]) })),
  }),
  exportedAt: z.string(),
  counts: z.object({
    signatures: count,
    bySignerType: z.record(z.string(), count),
    /** By the language each person signed in. */
    byLanguage: z.record(z.string(), count).optional(),
    /** By the letter text signed: its version, language, variant and SHA-256. */
    byLetterVersion: z.array(z.object({ version: z.number().int(), language: z.string().optional(), variant: z.string().optional(), sha256, signatures: count })),
    /** By the variant of the letter text signed: "standard" and "easy_read". */
    byVariant: z.record(z.string(), count).optional(),
    /** How many signed with someone's help (signatures.csv names who helped). */
    assisted: count.optional(),
    /** By where they signed: "online", "paper" (a sheet, typed in twice) and "event" (a kiosk). */
    bySource: z.record(z.string(), count).optional(),
    supportLetters: count,
  }),
  /** Every letter text of the versions signed, in each language. */
  letterVersions: z.array(z.object({ version: z.number().int(), language: z.string(), variant: z.string(), sha256 })),
  files: z.array(z.object({ path: z.string().min(1), bytes: count, sha256 })),
});

export type Manifest = z.infer<typeof ManifestSchema>;

export function buildManifest(manifest: Manifest) {
  const { files, ...rest } = manifest;
  const body = JSON.stringify({ ...rest, files: "\0files" }, null, 2);
  const lines = files.map(({ path, bytes, sha256 }: PackFile) => `    ${JSON.stringify({ path, bytes, sha256 })}`);
  return Buffer.from(`${body.replace('"\\u0000files"', `[\n${lines.join(",\n")}\n  ]`)}\n`, "utf8");
}
