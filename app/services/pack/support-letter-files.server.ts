import { countryName } from "~/i18n/countries";

// The files a letter of support becomes in the pack: `support-letters/{id}-{author}.md` for a
// written letter, `.pdf` for an uploaded one (copied as it was stored).

/** `{id}-{author}`: a file name from a letter's author, in plain a–z, 0–9 and hyphens. */
export function supportLetterFileStem(id: number, authorName: string) {
  const slug = authorName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${id}-${slug || "letter"}`;
}

/** A written letter as Markdown: who wrote it, then what they wrote. */
export function supportLetterMarkdown(letter: { author_name: string; role: string | null; organisation: string | null; country: string; body: string | null }) {
  const header = [
    `Author: ${letter.author_name}`,
    letter.role ? `Role: ${letter.role}` : undefined,
    letter.organisation ? `Organisation: ${letter.organisation}` : undefined,
    `Country: ${countryName(letter.country)} (${letter.country})`,
  ].filter(Boolean);
  return `${header.join("\n")}\n\n---\n\n${letter.body ?? ""}\n`;
}
