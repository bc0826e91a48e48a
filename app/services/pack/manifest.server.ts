import { z } from "zod";
import type { PackFile } from "./files.server";

// manifest.json: what a pack holds, signed byte for byte by manifest.sig. Each file is one line
// ({"path":…,"bytes":…,"sha256":…}), so sed and `sha256sum -c` can check a pack (README).

export const MANIFEST_FORMAT = "undersigned-pack/1";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  campaign: z.object({
    slug: z.string(),
    title: z.string(),
    recipients: z.array(z.object({ name: z.string(), title: z.string(), role: z.enum(["to", "cc"]) })),
  }),
  exportedAt: z.string(),
  counts: z.object({
    signatures: z.number().int().min(0),
    bySignerType: z.record(z.string(), z.number().int().min(0)),
    byLetterVersion: z.array(z.object({ version: z.number().int(), sha256, signatures: z.number().int().min(0) })),
    supportLetters: z.number().int().min(0),
  }),
  letterVersions: z.array(z.object({ version: z.number().int(), language: z.string(), variant: z.string(), sha256 })),
  files: z.array(z.object({ path: z.string().min(1), bytes: z.number().int().min(0), sha256 })),
});

export type Manifest = z.infer<typeof ManifestSchema>;

export function buildManifest(manifest: Manifest) {
  const { files, ...rest } = manifest;
  const body = JSON.stringify({ ...rest, files: "\0files" }, null, 2);
  const lines = files.map(({ path, bytes, sha256 }: PackFile) => `    ${JSON.stringify({ path, bytes, sha256 })}`);
  return Buffer.from(`${body.replace('"\\u0000files"', `[\n${lines.join(",\n")}\n  ]`)}\n`, "utf8");
}
