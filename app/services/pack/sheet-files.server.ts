import fs from "node:fs";
import path from "node:path";
import type { PackSheetScan } from "~/models/packs.server";
import { sheetLabel } from "~/schemas/paper";
import { conflict } from "~/utils/domain-error";
import { scanPath } from "~/utils/scans.server";
import { copyHashed, type PackFile } from "./files.server";

// The scans of paper sheets in the pack: `sheets/S-0007.pdf` (or .png, .jpg), copied as they were
// stored, named after the sheet as signatures.csv names it in its `sheet` column.

const EXTENSIONS: Record<string, string> = { "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg" };

/** `sheets/S-0007.pdf`: the extension from the scan's type, or from its stored name when the type is unknown. */
export function sheetScanZipPath(sheet: Pick<PackSheetScan, "number" | "scan_type" | "scan_file">) {
  const extension = EXTENSIONS[sheet.scan_type ?? ""] ?? path.extname(sheet.scan_file ?? "").slice(1).replace("jpeg", "jpg");
  return `sheets/${sheetLabel(sheet.number)}.${extension}`;
}

/**
 * Copies each sheet's scan into the pack's folder, hashing it on the way. A scan missing from the
 * uploads folder, or whose bytes are not those stored with it (its SHA-256), ends the export naming
 * the sheet: the pack would otherwise carry, or leave out, evidence nobody checked.
 */
export async function copySheetScans(sheets: PackSheetScan[], dir: string) {
  const files: PackFile[] = [];
  if (sheets.length) fs.mkdirSync(path.join(dir, "sheets"), { recursive: true });
  for (const sheet of sheets) {
    const from = scanPath(sheet.scan_file!);
    const label = sheetLabel(sheet.number);
    if (!fs.existsSync(from)) throw conflict("pack.errors.scanMissing", { sheet: label });
    const zipPath = sheetScanZipPath(sheet);
    const file = await copyHashed(from, path.join(dir, zipPath), zipPath);
    if (sheet.scan_sha256 && file.sha256 !== sheet.scan_sha256) throw conflict("pack.errors.scanChanged", { sheet: label });
    files.push(file);
  }
  return files;
}
