import type { SubmissionResult } from "@conform-to/react";
import { randomUUID } from "node:crypto";
import type { MessageKey } from "~/i18n";
import { PictureQuerySchema, PictureTargetSchema } from "~/schemas/easy-read-editor";
import { type EasyReadLetters, missingEasyRead, pictureRef } from "~/schemas/easy-read";
import type { SessionUser } from "~/models/users.server";
import type { RowToCheck } from "~/services/easy-read-check.server";
import { type TypedRows, adviseOnDraft, uploadEasyReadPicture } from "~/services/easy-read-editing.server";
import { type PictureUpload, pictureLabel, pictureUploadProblem, searchPictures } from "~/services/pictures.server";
import { DomainError, refusal } from "~/utils/domain-error";
import type { Language } from "~/utils/db.server";

// Not a route (vite.config.ts ignores route files named `__*`): the picture finder's side of the
// forms that write Easy Read rows (easy-read/route.tsx and amend/route.tsx). Its buttons send the rows
// as typed; the answer is the same rows, changed only where a picture was put, with the writing
// aid's advice on them, the search's results and what the row picker should offer next. Nothing
// is saved but an uploaded picture, which then belongs to the campaign.

type Row = RowToCheck;

/** How many of the library's pictures a search shows. */
const RESULTS = 24;

/** A new key for the form on each answer, so it starts again from the values the server sent. */
export const freshToken = () => randomUUID();

/** The Easy Read rows a form sent, as conform read them (only the declared fields). */
export function typedRows(payload: Record<string, unknown> | undefined, languages: readonly Language[]): TypedRows {
  const sent = (payload?.easyRead ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    languages.map((language) => {
      const list = Array.isArray(sent[language]) ? (sent[language] as unknown[]) : [];
      return [language, list.map((row) => (row && typeof row === "object" ? { ...(row as Row) } : {}))];
    }),
  );
}

/** The row the row picker offers first: the first without a picture, or a new one at the end of the main language. */
export function nextTarget(rows: TypedRows, languages: readonly Language[], after?: { language: Language; index: number }) {
  const order = languages.flatMap((language) => (rows[language] ?? []).map((row, index) => ({ language, index, row })));
  const start = after ? order.findIndex((o) => o.language === after.language && o.index === after.index) + 1 : 0;
  const next = [...order.slice(start), ...order.slice(0, start)].find((o) => !o.row.picture);
  return next ? `${next.language}.${next.index}` : `${after?.language ?? languages[0]}.new`;
}

/** What the buttons of the picture finder ask, from the button pressed. */
export function pictureStepOf(formData: FormData) {
  const use = formData.get("_use");
  if (typeof use === "string") return "use" as const;
  const action = formData.get("_action");
  return action === "upload" ? ("upload" as const) : action === "search" ? ("search" as const) : undefined;
}

export interface FinderState {
  target: string;
  query: string;
  results?: { ref: string; label: string; url: string }[];
  uploadError?: MessageKey;
}

/**
 * A step that saves no rows: a list button (add, move, remove a row), a search, a picture used or
 * uploaded. Puts the picture in the chosen row, and answers with the rows, advice and finder.
 * `refused`: a save that was refused, answered with its errors and the rows as they were sent.
 */
export async function pictureStep({
  user,
  slug,
  formData,
  picture,
  payload,
  languages,
  refused,
}: {
  user: SessionUser;
  slug: string;
  formData: FormData;
  picture: PictureUpload;
  payload: Record<string, unknown> | undefined;
  languages: readonly Language[];
  refused?: { result: SubmissionResult<string[]>; status: number };
}) {
  const rows = typedRows(payload, languages);
  const query = PictureQuerySchema.parse(formData.get("pictureQuery") ?? "");
  const chosen = PictureTargetSchema.safeParse(formData.get("pictureRow"));
  const step = refused ? undefined : pictureStepOf(formData);
  let uploadError: MessageKey | undefined;
  let placed: { language: Language; index: number } | undefined;

  const place = (ref: string) => {
    if (!chosen.success || !languages.includes(chosen.data.language)) return;
    const list = rows[chosen.data.language] ?? [];
    const index = chosen.data.index === "new" || chosen.data.index >= list.length ? list.length : chosen.data.index;
    const row: Row = { ...list[index] };
    row.picture = ref;
    // The picture's name, as a first description for someone who cannot see it; it can be rewritten.
    if (!row.alt?.trim()) row.alt = pictureLabel(ref) || undefined;
    list[index] = row;
    rows[chosen.data.language] = list;
    placed = { language: chosen.data.language, index };
  };

  if (step === "use") {
    const ref = String(formData.get("_use"));
    if (pictureRef.test(ref)) place(ref);
  } else if (step === "upload") {
    uploadError = pictureUploadProblem(picture);
    if (picture.status === "ok") {
      try {
        place((await uploadEasyReadPicture({ user, slug, picture })).ref);
      } catch (error) {
        uploadError = refusal(error, [400, 409]).key; // bytes another campaign uploaded first
      }
    }
  }

  const { advice, pictures } = await adviseOnDraft({ user, slug, rows });
  const finder: FinderState = {
    // A search keeps the row chosen for it; after a picture is placed the picker moves on; after a
    // row is added, moved or removed (its number may now be another row's) it starts again.
    target: placed
      ? nextTarget(rows, languages, placed)
      : step === "search" && chosen.success
        ? `${chosen.data.language}.${chosen.data.index}`
        : nextTarget(rows, languages),
    query,
    results: step === "search" || query ? searchPictures({ query, limit: RESULTS }) : undefined,
    uploadError,
  };
  // The form's values as sent (the amend page's letter and reason too), with the rows as changed;
  // no field errors while someone is still writing.
  const result: SubmissionResult<string[]> = refused?.result ?? { initialValue: { ...payload, easyRead: rows } as unknown as SubmissionResult<string[]>["initialValue"] };
  return { result, advice, pictures, finder, token: freshToken(), status: refused?.status ?? (uploadError ? 400 : 200) };
}

/** The field holding the picture a save refused as unknown, so the error is shown on it. */
export function refusedPictureField(error: unknown, easyRead: EasyReadLetters | undefined) {
  if (!(error instanceof DomainError) || error.key !== "easyReadErrors.pictureUnknown") return undefined;
  for (const [language, rows] of Object.entries(easyRead ?? {})) {
    const index = (rows ?? []).findIndex((row) => row.picture === error.values.ref);
    if (index >= 0) return `easyRead.${language}[${index}].picture`;
  }
  return undefined;
}

/**
 * What an open campaign's Easy Read rows lack, as each field's error: every row needs its picture
 * and a description, and the letter is in every language of the campaign or in none.
 */
export function incompleteRowErrors(languages: readonly Language[], easyRead: EasyReadLetters): Record<string, string[]> {
  return Object.fromEntries(
    missingEasyRead({ languages, easyRead }).map((path) => [
      path,
      [path.endsWith(".picture") ? "easyReadErrors.picture" : path.endsWith(".alt") ? "easyReadErrors.altRequired" : "easyReadErrors.languageRequired"],
    ]),
  );
}
