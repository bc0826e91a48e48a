import { Form } from "~/components/link";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FlagReason } from "~/utils/db.server";
import { badRangeLines } from "~/schemas/moderation";
import type { MessageKey } from "~/i18n";
import { type SignatureRow, SignerName, signatureState } from "./dashboard";
import { ErrorSummary } from "./error-summary";
import { IntentButton } from "./intent-button";
import { TableRegion } from "./table-region";
import { When } from "./when";

export interface ModerationRow extends SignatureRow {
  comment?: string | null;
  nameHidden: boolean;
  commentHidden: boolean;
  invalidatedAt: string | null;
  invalidatedReason: string | null;
}

/** A reason that did not pass the schema, for the row it was typed in. */
export interface RowError {
  signatureId: number;
  message: string;
}

export const reasonFieldId = (signatureId: number) => `reason-${signatureId}`;

/**
 * The staff view of the search: each signature with its comment, its state, and forms to hide the
 * name or comment from the public page and to invalidate it. Every form works without JavaScript;
 * each button's name says whose signature it acts on.
 */
export function ModerationTable({ rows, error }: { rows: ModerationRow[]; error?: RowError }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p>{t("dashboard.noResults")}</p>;
  return (
    <TableRegion label={t("dashboard.found")}>
      <table className="table moderation-table">
        <thead>
          <tr>
            <th scope="col">{t("dashboard.name")}</th>
            <th scope="col">{t("moderation.comment")}</th>
            <th scope="col">{t("dashboard.state")}</th>
            <th scope="col">{t("moderation.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="breakable">
                <SignerName name={r.name} signerType={r.signerType} />
                <br />
                <span className="muted">{[r.role, r.organisation, r.location].filter(Boolean).join(", ")}</span>
                {r.email ? (
                  <>
                    <br />
                    {r.email}
                  </>
                ) : null}
                {r.nameHidden ? <p className="tag">{t("moderation.nameHidden")}</p> : null}
              </td>
              <td className="breakable">
                {r.comment}
                {r.comment && r.commentHidden ? <p className="tag">{t("moderation.commentHidden")}</p> : null}
              </td>
              <td>{signatureState(t, r)}</td>
              <td>
                <RowActions row={r} error={error?.signatureId === r.id ? error.message : undefined} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function RowActions({ row, error }: { row: ModerationRow; error?: string }) {
  const { t } = useTranslation();
  const whose = <span className="visually-hidden"> {t("moderation.ofSignatory", { name: row.name })}</span>;
  const signatureOf = <span className="visually-hidden"> {t("moderation.signatureOf", { name: row.name })}</span>;
  const reasonId = reasonFieldId(row.id);
  return (
    <div className="moderation-actions">
      <HideForm row={row} part="name" hidden={row.nameHidden}>
        {t(row.nameHidden ? "moderation.showName" : "moderation.hideName")}
        {whose}
      </HideForm>
      {row.comment ? (
        <HideForm row={row} part="comment" hidden={row.commentHidden}>
          {t(row.commentHidden ? "moderation.showComment" : "moderation.hideComment")}
          {whose}
        </HideForm>
      ) : null}
      {row.invalidatedAt ? null : (
        <Form method="post" noValidate className={`field${error ? " field--error" : ""}`}>
          <input type="hidden" name="intent" value="invalidate" />
          <input type="hidden" name="signatureId" value={row.id} />
          <label htmlFor={reasonId}>
            {t("moderation.invalidateReason")}
            {signatureOf}
          </label>
          {error ? (
            <p className="error-message" id={`${reasonId}-error`}>
              <span className="visually-hidden">{t("errors.prefix")} </span>
              {error}
            </p>
          ) : null}
          <input
            type="text"
            id={reasonId}
            name="reason"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${reasonId}-error` : undefined}
          />
          <button type="submit" className="button button--warning">
            {t("moderation.invalidate")}
            {signatureOf}
          </button>
        </Form>
      )}
    </div>
  );
}

function HideForm({ row, part, hidden, children }: { row: ModerationRow; part: "name" | "comment"; hidden: boolean; children: ReactNode }) {
  return (
    <IntentButton intent="hide" fields={{ signatureId: row.id, part, hidden: hidden ? "0" : "1" }}>
      {children}
    </IntentButton>
  );
}

/** A signature the quiet abuse flags hold for review; the email only for a reader who may see it. */
export interface FlaggedRow {
  id: number;
  name: string;
  location: string;
  signedAt: string;
  reason: FlagReason;
  confirmed: boolean;
  email?: string | null;
}

/** What the flagged-signatures form was sent with, when it came back with a problem. */
export interface FlagsFormState {
  errors: { signatureIds?: string; reason?: string };
  chosen: number[];
  reason: string;
}

const chooseId = (signatureId: number) => `flagged-${signatureId}`;
const FLAG_REASON_ID = "flagged-reason";

/**
 * "Flagged for review": the signatures held by a flag, newest first, each with a box to tick, and
 * two buttons for the ticked ones: clear (count them) or invalidate (with a reason). One plain
 * form, so it works without JavaScript; the boxes are named for whose signature they choose.
 */
export function FlaggedSignatures({ rows, total, state }: { rows: FlaggedRow[]; total: number; state?: FlagsFormState }) {
  const { t } = useTranslation();
  const showEmail = rows.some((r) => r.email !== undefined);
  const errors = [
    ...(state?.errors.signatureIds && rows.length ? [{ fieldId: chooseId(rows[0].id), message: t(state.errors.signatureIds as MessageKey) }] : []),
    ...(state?.errors.reason ? [{ fieldId: FLAG_REASON_ID, message: t(state.errors.reason as MessageKey) }] : []),
  ];
  const chosen = new Set(state?.chosen ?? []);
  return (
    <section aria-labelledby="flagged-title">
      <h2 id="flagged-title">{t("moderation.flagged.title")}</h2>
      <p>{t("moderation.flagged.intro")}</p>
      {total === 0 ? (
        <p>{t("moderation.flagged.none")}</p>
      ) : (
        <>
          <p>{t("moderation.flagged.total", { count: total })}</p>
          {rows.length < total ? <p>{t("moderation.flagged.newest", { shown: rows.length })}</p> : null}
          <Form method="post" noValidate>
            <ErrorSummary errors={errors} />
            <fieldset className={`field${state?.errors.signatureIds ? " field--error" : ""}`}>
              <legend>{t("moderation.flagged.listLabel")}</legend>
              {state?.errors.signatureIds ? (
                <p className="error-message" id="flagged-choose-error">
                  <span className="visually-hidden">{t("errors.prefix")} </span>
                  {t(state.errors.signatureIds as MessageKey)}
                </p>
              ) : null}
              <TableRegion label={t("moderation.flagged.listLabel")}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t("moderation.flagged.choose")}</th>
                      <th scope="col">{t("moderation.flagged.name")}</th>
                      <th scope="col">{t("moderation.flagged.town")}</th>
                      {showEmail ? <th scope="col">{t("moderation.flagged.email")}</th> : null}
                      <th scope="col">{t("moderation.flagged.signed")}</th>
                      <th scope="col">{t("moderation.flagged.reason")}</th>
                      <th scope="col">{t("moderation.flagged.state")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.id}>
                        <td>
                          <input
                            type="checkbox"
                            name="signatureIds"
                            value={r.id}
                            id={chooseId(r.id)}
                            defaultChecked={chosen.has(r.id)}
                            aria-describedby={state?.errors.signatureIds ? "flagged-choose-error" : undefined}
                          />
                          <label htmlFor={chooseId(r.id)} className="visually-hidden">
                            {t("moderation.flagged.chooseSignature", { name: r.name })}
                          </label>
                        </td>
                        <td className="breakable">{r.name}</td>
                        <td className="breakable">{r.location}</td>
                        {showEmail ? <td className="breakable">{r.email}</td> : null}
                        <td>
                          <When at={r.signedAt} style="dateTime" />
                        </td>
                        <td>{t(`moderation.flagged.reasons.${r.reason}`)}</td>
                        <td>{t(r.confirmed ? "moderation.flagged.confirmed" : "moderation.flagged.unconfirmed")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            </fieldset>
            <p className="hint">{t("moderation.flagged.clearHint")}</p>
            <button type="submit" name="intent" value="clearFlags" className="button">
              {t("moderation.flagged.clear")}
            </button>
            <div className={`field${state?.errors.reason ? " field--error" : ""}`}>
              <label htmlFor={FLAG_REASON_ID}>{t("moderation.flagged.invalidateReason")}</label>
              <p className="hint" id={`${FLAG_REASON_ID}-hint`}>
                {t("moderation.flagged.invalidateHint")}
              </p>
              {state?.errors.reason ? (
                <p className="error-message" id={`${FLAG_REASON_ID}-error`}>
                  <span className="visually-hidden">{t("errors.prefix")} </span>
                  {t(state.errors.reason as MessageKey)}
                </p>
              ) : null}
              <textarea
                id={FLAG_REASON_ID}
                name="reason"
                rows={2}
                defaultValue={state?.reason}
                aria-invalid={state?.errors.reason ? true : undefined}
                aria-describedby={[`${FLAG_REASON_ID}-hint`, state?.errors.reason && `${FLAG_REASON_ID}-error`].filter(Boolean).join(" ")}
              />
            </div>
            <button type="submit" name="intent" value="invalidateFlags" className="button button--warning">
              {t("moderation.flagged.invalidate")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

/** The abuse-rules form's values as typed (kept after a problem), and its problems. */
export interface AbuseRulesFormState {
  values: { ranges: string; hourlyLimit: string };
  errors?: { ranges?: string; hourlyLimit?: string };
}

/**
 * "What to flag": the campaign's address ranges (one a line; each line that is not a range is
 * named under the field, by its number) and its hourly limit for one address.
 */
export function AbuseRulesForm({ state }: { state: AbuseRulesFormState }) {
  const { t } = useTranslation();
  const { values, errors } = state;
  const badLines = errors?.ranges ? badRangeLines(values.ranges) : [];
  const summary = [
    ...(errors?.ranges ? [{ fieldId: "abuse-ranges", message: t(errors.ranges as MessageKey) }] : []),
    ...(errors?.hourlyLimit ? [{ fieldId: "abuse-hourly-limit", message: t(errors.hourlyLimit as MessageKey) }] : []),
  ];
  return (
    <section aria-labelledby="abuse-rules-title">
      <h2 id="abuse-rules-title">{t("moderation.abuseRules.title")}</h2>
      <p>{t("moderation.abuseRules.intro")}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="rules" />
        <ErrorSummary errors={summary} />
        <div className={`field${errors?.ranges ? " field--error" : ""}`}>
          <label htmlFor="abuse-ranges">{t("moderation.abuseRules.ranges")}</label>
          <p className="hint" id="abuse-ranges-hint">
            {t("moderation.abuseRules.rangesHint")}
          </p>
          {errors?.ranges ? (
            <div className="error-message" id="abuse-ranges-error">
              <p>
                <span className="visually-hidden">{t("errors.prefix")} </span>
                {t(errors.ranges as MessageKey)}
              </p>
              {badLines.length ? (
                <ul>
                  {badLines.map((bad) => (
                    <li key={bad.line}>{t("moderation.abuseRules.badLine", { line: bad.line, value: bad.value })}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          <textarea
            id="abuse-ranges"
            name="ranges"
            rows={5}
            defaultValue={values.ranges}
            spellCheck={false}
            aria-invalid={errors?.ranges ? true : undefined}
            aria-describedby={["abuse-ranges-hint", errors?.ranges && "abuse-ranges-error"].filter(Boolean).join(" ")}
          />
        </div>
        <div className={`field${errors?.hourlyLimit ? " field--error" : ""}`}>
          <label htmlFor="abuse-hourly-limit">{t("moderation.abuseRules.hourlyLimit")}</label>
          <p className="hint" id="abuse-hourly-limit-hint">
            {t("moderation.abuseRules.hourlyLimitHint")}
          </p>
          {errors?.hourlyLimit ? (
            <p className="error-message" id="abuse-hourly-limit-error">
              <span className="visually-hidden">{t("errors.prefix")} </span>
              {t(errors.hourlyLimit as MessageKey)}
            </p>
          ) : null}
          <input
            type="text"
            inputMode="numeric"
            id="abuse-hourly-limit"
            name="hourlyLimit"
            defaultValue={values.hourlyLimit}
            aria-invalid={errors?.hourlyLimit ? true : undefined}
            aria-describedby={["abuse-hourly-limit-hint", errors?.hourlyLimit && "abuse-hourly-limit-error"].filter(Boolean).join(" ")}
          />
        </div>
        <button type="submit" className="button button--secondary">
          {t("moderation.abuseRules.save")}
        </button>
      </Form>
    </section>
  );
}
