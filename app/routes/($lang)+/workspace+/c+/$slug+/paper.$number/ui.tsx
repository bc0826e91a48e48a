import { type FieldMetadata, getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Checkbox, FieldError, Select, TextField } from "~/components/form-fields";
import { Form, useLocalePath } from "~/components/link";
import { TableRegion } from "~/components/table-region";
import { type PaperField, paperFields, PaperKeyingSchema, SHEET_ROWS, settleSchemaFor } from "~/schemas/paper-keying";
import { signerTypes } from "~/schemas/signature";
import type { SheetRowStatus } from "~/utils/db.server";

type ShownRow = { name: string; town: string; signerType: (typeof signerTypes)[number]; organisation: string; role: string; email: string; showName: boolean };
type Values = Record<string, string | number>;

const emptyRows = () => Array.from({ length: SHEET_ROWS }, () => ({ signerType: "individual" as const }));

/**
 * The sheet's ten rows, each a group of the printed sheet's fields. The second person sees the
 * same empty form as the first: nothing of the first entry is shown.
 */
export function KeyingForm({ second, lastResult, values }: { second: boolean; lastResult?: SubmissionResult<string[]>; values?: Values }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "keying",
    lastResult,
    defaultValue: { rows: emptyRows() },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PaperKeyingSchema }),
    shouldValidate: "onSubmit",
  });
  const rows = fields.rows.getFieldList();
  const label = (row: number, field: PaperField) => t("paperEntry.rowField", { row, field: t(`paperEntry.fields.${field}`) });
  const errors = useErrorSummary(
    form,
    rows.flatMap((item, index) => {
      const set = item.getFieldset();
      return paperFields.map((field) => ({ id: set[field].id, errors: set[field].errors, label: label(index + 1, field) }));
    }),
    values,
  );
  return (
    <Form method="post" {...getFormProps(form)} noValidate>
      <ErrorSummary errors={errors} />
      <input type="hidden" name="intent" value="key" />
      <p>{t(second ? "paperEntry.secondIntro" : "paperEntry.firstIntro")}</p>
      {rows.map((item, index) => {
        const set = item.getFieldset();
        return (
          <fieldset className="paper-row" key={item.key}>
            <legend>{t("paperEntry.row", { row: index + 1 })}</legend>
            <div className="paper-row__fields">
              <TextField meta={set.name} label={t("paperEntry.fields.name")} />
              <TextField meta={set.town} label={t("paperEntry.fields.town")} />
              <Select
                meta={set.signerType}
                label={t("paperEntry.fields.signerType")}
                options={signerTypes.map((type) => ({ value: type, label: t(`paperEntry.signerTypes.${type}`) }))}
              />
              <TextField meta={set.organisation} label={t("paperEntry.fields.organisation")} />
              <TextField meta={set.role} label={t("paperEntry.fields.role")} />
              <TextField meta={set.email} type="email" label={t("paperEntry.fields.email")} />
            </div>
            <Checkbox meta={set.showName} label={t("paperEntry.fields.showName")} />
          </fieldset>
        );
      })}
      <button type="submit" className="button">
        {t("paperEntry.save")}
      </button>
    </Form>
  );
}

type ComparisonRow = {
  row: number;
  status: SheetRowStatus;
  name: string;
  town: string;
  settledBy: string | null;
  dispute: { first: ShownRow; second: ShownRow; differing: PaperField[] } | null;
};

/** Both entries are in: what became of each row, and a form to settle each disputed one. */
export function Comparison({
  rows,
  keyings,
  settling,
}: {
  rows: ComparisonRow[];
  keyings: { keying: number; by: string | null }[];
  settling?: { row: number; result?: SubmissionResult<string[]>; values?: Values };
}) {
  const { t } = useTranslation();
  const by = (keying: number) => keyings.find((k) => k.keying === keying)?.by ?? t("paperEntry.someone");
  const outcome = (row: ComparisonRow) =>
    row.status === "settled" || row.status === "blank" ? t(`paperEntry.outcomes.${row.status}`, { by: row.settledBy ?? t("paperEntry.someone") }) : t(`paperEntry.outcomes.${row.status}`);
  return (
    <div>
      <h2>{t("paperEntry.comparisonTitle")}</h2>
      {rows.length === 0 ? (
        <p>{t("paperEntry.noRows")}</p>
      ) : (
        <>
          <p>{t("paperEntry.comparisonIntro")}</p>
          <TableRegion label={t("paperEntry.comparisonTitle")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("paperEntry.rowColumns.row")}</th>
                  <th scope="col">{t("paperEntry.rowColumns.name")}</th>
                  <th scope="col">{t("paperEntry.rowColumns.town")}</th>
                  <th scope="col">{t("paperEntry.rowColumns.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.row}>
                    <th scope="row">{row.row}</th>
                    <td>{row.dispute ? "" : row.name}</td>
                    <td>{row.dispute ? "" : row.town}</td>
                    <td>
                      {row.dispute ? <a href={`#dispute-${row.row}`}>{outcome(row)}</a> : outcome(row)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
      {rows.map((row) =>
        row.dispute ? (
          <SettleForm
            key={row.row}
            row={row.row}
            dispute={row.dispute}
            first={by(1)}
            second={by(2)}
            lastResult={settling?.row === row.row ? settling.result : undefined}
            values={settling?.row === row.row ? settling.values : undefined}
          />
        ) : null,
      )}
    </div>
  );
}

/** A field's value as a person reads it: "(empty)", the signer type's name, ticked or not. */
function useShown() {
  const { t } = useTranslation();
  return (field: PaperField, row: ShownRow) =>
    field === "showName" ? t(row.showName ? "paperEntry.ticked" : "paperEntry.notTicked")
    : field === "signerType" ? t(`paperEntry.signerTypes.${row.signerType}`)
    : row[field] || t("paperEntry.empty");
}

/**
 * One disputed row: both entries side by side, field by field, and for each field they differ on
 * a choice of the first's value, the second's, or one typed from the sheet.
 */
function SettleForm({
  row,
  dispute,
  first,
  second,
  lastResult,
  values,
}: {
  row: number;
  dispute: { first: ShownRow; second: ShownRow; differing: PaperField[] };
  first: string;
  second: string;
  lastResult?: SubmissionResult<string[]>;
  values?: Values;
}) {
  const { t } = useTranslation();
  const shown = useShown();
  const [form, fields] = useForm({
    id: `settle-${row}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: settleSchemaFor(dispute.differing) }),
    shouldValidate: "onSubmit",
  });
  const choice = fields.choice.getFieldset();
  const typed = fields.typed.getFieldset();
  const fieldName = (field: PaperField) => t(`paperEntry.fields.${field}`);
  const errors = useErrorSummary(
    form,
    dispute.differing.flatMap((field) => [
      { id: choice[field].id, errors: choice[field].errors, label: fieldName(field) },
      ...(field === "showName" ? [] : [{ id: typed[field].id, errors: typed[field].errors, label: fieldName(field) }]),
    ]),
    values,
  );
  return (
    <div className="paper-settle" id={`dispute-${row}`}>
      <h3>{t("paperEntry.settleTitle", { row })}</h3>
      <TableRegion label={t("paperEntry.settleTitle", { row })}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("paperEntry.field")}</th>
              <th scope="col">{t("paperEntry.first")}</th>
              <th scope="col">{t("paperEntry.second")}</th>
            </tr>
          </thead>
          <tbody>
            {paperFields.map((field) => (
              <tr key={field} className={dispute.differing.includes(field) ? "paper-differs" : undefined}>
                <th scope="row">{fieldName(field)}</th>
                <td className="breakable">{shown(field, dispute.first)}</td>
                <td className="breakable">{shown(field, dispute.second)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Form method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={errors} />
        <input type="hidden" name="intent" value="settle" />
        <input type="hidden" name="row" value={row} />
        <p>{t("paperEntry.settleIntro")}</p>
        {dispute.differing.map((field) => (
          <FieldChoice key={field} field={field} label={fieldName(field)} choice={choice[field]} typed={field === "showName" ? undefined : typed[field]} dispute={dispute} />
        ))}
        <p className="hint">{t("paperEntry.keyingsBy", { first, second })}</p>
        <button type="submit" className="button">
          {t("paperEntry.settle", { row })}
        </button>
      </Form>
    </div>
  );
}

function FieldChoice({
  field,
  label,
  choice,
  typed,
  dispute,
}: {
  field: PaperField;
  label: string;
  choice: FieldMetadata<string | undefined>;
  typed?: FieldMetadata<string | undefined>;
  dispute: { first: ShownRow; second: ShownRow };
}) {
  const { t } = useTranslation();
  const shown = useShown();
  const invalid = Boolean(choice.errors?.length || typed?.errors?.length);
  const options = [
    { value: "first", label: t("paperEntry.fromFirst", { value: shown(field, dispute.first) }) },
    { value: "second", label: t("paperEntry.fromSecond", { value: shown(field, dispute.second) }) },
    ...(typed ? [{ value: "typed", label: t("paperEntry.typed") }] : []),
  ];
  return (
    <div className={`field${invalid ? " field--error" : ""}`}>
      <fieldset aria-describedby={choice.errors?.length ? choice.errorId : undefined}>
        <legend>{label}</legend>
        <FieldError meta={choice} />
        {options.map((option, index) => {
          const id = index === 0 ? choice.id : `${choice.id}-${option.value}`;
          return (
            <div className="choice" key={option.value}>
              <input type="radio" id={id} name={choice.name} value={option.value} defaultChecked={choice.initialValue === option.value} form={choice.formId} />
              <label htmlFor={id}>{option.label}</label>
            </div>
          );
        })}
        {typed && field === "signerType" ? (
          <Select
            meta={typed}
            label={t("paperEntry.typedLabel", { field: label })}
            options={[{ value: "", label: t("paperEntry.chooseType") }, ...signerTypes.map((type) => ({ value: type, label: t(`paperEntry.signerTypes.${type}`) }))]}
          />
        ) : typed ? (
          <TextField meta={typed} type={field === "email" ? "email" : "text"} label={t("paperEntry.typedLabel", { field: label })} />
        ) : null}
      </fieldset>
    </div>
  );
}

/** The sheet's scan: a picture shown here, a PDF opened by its link; and the form to attach one. */
export function ScanPanel({
  slug,
  sheet,
  error,
}: {
  slug: string;
  sheet: { label: string; scan: { type: string; bytes: number } | null };
  error?: string;
}) {
  const { t } = useTranslation();
  const localePath = useLocalePath();
  const src = localePath(`/workspace/c/${slug}/paper/${sheet.label}/scan`);
  const size = (bytes: number) =>
    bytes < 1024 * 1024
      ? t("paperEntry.scan.sizeKb", { value: Math.max(1, Math.round(bytes / 1024)) })
      : t("paperEntry.scan.sizeMb", { value: bytes / (1024 * 1024) });
  const message = error ? t(error as "paperErrors.scanNone") : undefined;
  return (
    <section className="paper-desk__scan" aria-labelledby="scan-title">
      <h2 id="scan-title">{t("paperEntry.scan.title")}</h2>
      {!sheet.scan ? (
        <p>{t("paperEntry.scan.none")}</p>
      ) : sheet.scan.type === "application/pdf" ? (
        <p>
          <a href={src}>{t("paperEntry.scan.open", { size: size(sheet.scan.bytes) })}</a>
        </p>
      ) : (
        <>
          <img className="paper-scan" src={src} alt={t("paperEntry.scan.alt", { sheet: sheet.label })} />
          <p>
            <a href={src}>{t("paperEntry.scan.openPicture")}</a>
          </p>
        </>
      )}
      <Form method="post" encType="multipart/form-data">
        {message ? <ErrorSummary errors={[{ fieldId: "scan-file", message }]} /> : null}
        <input type="hidden" name="intent" value="scan" />
        <div className={`field${message ? " field--error" : ""}`}>
          <label htmlFor="scan-file">{t("paperEntry.scan.file")}</label>
          <p className="hint" id="scan-file-hint">
            {t("paperEntry.scan.hint")}
          </p>
          {message ? (
            <p className="error-message" id="scan-file-error">
              <span className="visually-hidden">{t("errors.prefix")} </span>
              {message}
            </p>
          ) : null}
          <input
            type="file"
            id="scan-file"
            name="scan"
            accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? "scan-file-hint scan-file-error" : "scan-file-hint"}
          />
        </div>
        <button type="submit" className="button button--secondary">
          {t(sheet.scan ? "paperEntry.scan.replace" : "paperEntry.scan.attach")}
        </button>
      </Form>
    </section>
  );
}
