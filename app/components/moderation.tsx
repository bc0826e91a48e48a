import { Form } from "~/components/link";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type SignatureRow, SignerName, signatureState } from "./dashboard";
import { IntentButton } from "./intent-button";
import { TableRegion } from "./table-region";

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
