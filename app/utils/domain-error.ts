import type { SubmissionResult } from "@conform-to/react";
import type { MessageKey } from "~/i18n";

// What a service says when it will not do what it was asked: a message key (app/i18n), the values
// the message names, and the status a door answers with. Services throw these, never HTTP
// Responses, and each door translates them:
// - a route: a DomainError is shaped as Remix's own `data(…, { status })` (the router recognises
//   that shape by its `type`, `data` and `init`), so a loader or action that does not catch one
//   answers with its status and the error boundary shows `data.key` (components/error-page.tsx);
//   a form that can say it better catches it and uses `replyWithError`;
// - the CLI: one line, the message in words, and exit code 1 (app/cli.ts);
// - a background job: a log line, and the job's own retry.

export type DomainErrorStatus = 400 | 403 | 404 | 409 | 410 | 413 | 422 | 429;
export type MessageValues = Record<string, string | number>;

/** What an error page is given: the message key and its values. */
export interface ErrorPageData {
  key: MessageKey;
  values: MessageValues;
}

export class DomainError extends Error {
  // The shape of a thrown `data()` (DataWithResponseInit), which Remix answers with `init.status`.
  readonly type = "DataWithResponseInit";
  readonly data: ErrorPageData;
  readonly init: { status: DomainErrorStatus };

  constructor(
    readonly key: MessageKey,
    readonly values: MessageValues = {},
    readonly status: DomainErrorStatus = 400,
  ) {
    super(key);
    this.name = "DomainError";
    this.data = { key, values };
    this.init = { status };
  }
}

/** It does not exist, or this person may not know that it does (the same answer, on purpose). */
export const notFound = (key: MessageKey = "notFound.body", values?: MessageValues) => new DomainError(key, values, 404);
/** This person may not do this; the key says what, e.g. "access.forbidden.export". */
export const forbidden = (key: MessageKey, values?: MessageValues) => new DomainError(key, values, 403);
/** Someone else changed it first, or it is no longer in a state that allows this. */
export const conflict = (key: MessageKey, values?: MessageValues) => new DomainError(key, values, 409);
/** The input breaks a rule only the service can check (a slug taken, a text unchanged). */
export const invalid = (key: MessageKey, values?: MessageValues) => new DomainError(key, values, 400);

export const isErrorPageData = (value: unknown): value is ErrorPageData =>
  typeof value === "object" && value !== null && typeof (value as ErrorPageData).key === "string";

/**
 * The domain error a page answers itself (by default a 409: someone changed it first, or its
 * state does not allow this); anything else — a bug, or a 404/403 meant for the error page — is
 * thrown on.
 */
export function refusal(error: unknown, statuses: DomainErrorStatus[] = [409]) {
  if (!(error instanceof DomainError) || !statuses.includes(error.status)) throw error;
  return error;
}

/**
 * A form's answer to a domain error: its message in the form's error summary (or on `field`),
 * and its status. Anything else — a bug, or a 404/403 meant for the error page — is thrown on.
 */
export function replyWithError<Result extends { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> }>(
  submission: Result,
  error: unknown,
  { field, statuses = [400, 409, 413, 422, 429] }: { field?: string; statuses?: DomainErrorStatus[] } = {},
) {
  const refused = refusal(error, statuses);
  const result = field ? submission.reply({ fieldErrors: { [field]: [refused.key] } }) : submission.reply({ formErrors: [refused.key] });
  return { result, status: refused.status, values: refused.values };
}
