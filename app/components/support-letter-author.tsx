/** Who wrote a letter of support: role, organisation and country (never an email address). */
export function SupportLetterAuthor({ letter }: { letter: { role: string | null; organisation: string | null; country: string } }) {
  return <p className="muted">{[letter.role, letter.organisation, letter.country].filter(Boolean).join(", ")}</p>;
}
