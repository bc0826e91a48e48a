import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import type { MessageKey } from "~/i18n";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Radios, Select, TextField } from "~/components/form-fields";
import { IntentButton } from "~/components/intent-button";
import { ManualDeliverySchema, SendDeliverySchema } from "~/schemas/delivery";
import type { getDeliveryPage } from "~/services/delivery.server";

type Page = Awaited<ReturnType<typeof getDeliveryPage>>;
type Recipient = Page["recipients"][number];

/** Every delivery with its state; a failed email can be sent again. */
export function DeliveryTable({ deliveries, waiting }: { deliveries: Page["deliveries"]; waiting: Page["waiting"] }) {
  const { t } = useTranslation();
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t("delivery.recipient")}</th>
          <th scope="col">{t("delivery.method")}</th>
          <th scope="col">{t("delivery.state")}</th>
          <th scope="col">{t("delivery.recorded")}</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => (
          <tr key={d.id}>
            <td>
              {d.recipient} <span className="muted">{`(${t(`delivery.roles.${d.role}`)})`}</span>
              {d.email ? <div className="muted">{d.email}</div> : null}
            </td>
            <td>{t(`delivery.methods.${d.method}`)}</td>
            <td>
              <strong>{t(`delivery.states.${d.state}`)}</strong>
              {d.state === "sent" && d.sentAt ? <> {t("delivery.sentAt", { date: new Date(d.sentAt) })}</> : null}
              {d.state === "sent" && d.messageId ? <div className="muted">{t("delivery.messageId", { id: d.messageId })}</div> : null}
              {d.state === "failed" ? <div>{t("delivery.failedBecause", { error: d.error ?? "" })}</div> : null}
              {d.state === "queued" && d.error ? <div className="muted">{t("delivery.retrying")}</div> : null}
              {d.method === "email" ? (
                <div className="muted">
                  {d.firstDownloadedAt ? t("delivery.downloaded", { date: new Date(d.firstDownloadedAt) }) : t("delivery.notDownloaded")}
                </div>
              ) : (
                <div>
                  {t("delivery.handDetails", { date: new Date(`${d.deliveredOn}T00:00:00.000Z`), by: d.deliveredBy })}
                  {d.note ? <div className="muted">{d.note}</div> : null}
                </div>
              )}
              {d.state === "failed" ? (
                <IntentButton intent="resend" fields={{ deliveryId: d.id }} ariaLabel={t("delivery.resendLabel", { name: d.recipient })}>
                  {t("delivery.resend")}
                </IntentButton>
              ) : null}
            </td>
            <td>{t("delivery.recordedBy", { date: new Date(d.createdAt), email: d.createdBy })}</td>
          </tr>
        ))}
        {waiting.map((r) => (
          <tr key={`waiting-${r.id}`}>
            <td>
              {r.label} <span className="muted">{`(${t(`delivery.roles.${r.role}`)})`}</span>
              {r.email ? <div className="muted">{r.email}</div> : null}
            </td>
            <td />
            <td>{t("delivery.states.waiting")}</td>
            <td />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The covering message and a checkbox per recipient with an address, all ticked to begin with. */
export function SendForm({ recipients, lastResult }: { recipients: Recipient[]; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "send",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SendDeliverySchema }),
    shouldValidate: "onSubmit",
  });
  const withEmail = recipients.filter((r) => r.email);
  const byHand = recipients.filter((r) => !r.email);
  const ticked = lastResult ? [fields.recipients.initialValue ?? []].flat().map(String) : withEmail.map((r) => String(r.id));
  const firstBox = `${fields.recipients.id}-${withEmail[0]?.id}`;
  const errors = useErrorSummary({}, [fields.message, { id: firstBox, errors: fields.recipients.errors }]);
  return (
    <section aria-labelledby="send-title">
      <h2 id="send-title">{t("delivery.send.title")}</h2>
      {withEmail.length === 0 ? (
        <p>{t("delivery.send.noEmail")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} noValidate>
          <ErrorSummary errors={errors} />
          <input type="hidden" name="intent" value="send" />
          <TextField meta={fields.message} label={t("delivery.send.message")} hint={t("delivery.send.messageHint")} multiline rows={10} />
          <div className={`field${fields.recipients.errors?.length ? " field--error" : ""}`}>
            <fieldset aria-describedby={`${fields.recipients.id}-hint${fields.recipients.errors?.length ? ` ${fields.recipients.errorId}` : ""}`}>
              <legend>{t("delivery.send.recipients")}</legend>
              <p className="hint" id={`${fields.recipients.id}-hint`}>
                {t("delivery.send.recipientsHint")}
              </p>
              {fields.recipients.errors?.length ? (
                <p className="error-message" id={fields.recipients.errorId}>
                  <span className="visually-hidden">{t("errors.prefix")} </span>
                  {t(fields.recipients.errors[0] as MessageKey)}
                </p>
              ) : null}
              {withEmail.map((r) => (
                <div className="choice" key={r.id}>
                  <input type="checkbox" id={`${fields.recipients.id}-${r.id}`} name="recipients" value={r.id} defaultChecked={ticked.includes(String(r.id))} />
                  <label htmlFor={`${fields.recipients.id}-${r.id}`}>
                    {t("delivery.send.recipientLabel", { name: r.label, role: t(`delivery.roles.${r.role}`), email: r.email })}
                  </label>
                </div>
              ))}
            </fieldset>
          </div>
          {byHand.length ? (
            <>
              <p>{t("delivery.send.byHand")}</p>
              <ul>
                {byHand.map((r) => (
                  <li key={r.id}>
                    {r.label} <span className="muted">{`(${t(`delivery.roles.${r.role}`)})`}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <button type="submit" className="button">
            {t("delivery.send.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}

/** A delivery by hand or post: to whom, how, when, by whom, and a note. */
export function ManualDeliveryForm({ recipients, lastResult }: { recipients: Recipient[]; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "record",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ManualDeliverySchema }),
    shouldValidate: "onSubmit",
  });
  const names = ["recipientId", "method", "deliveredOn", "deliveredBy", "note"] as const;
  const errors = useErrorSummary({}, names.map((name) => fields[name]));
  return (
    <section aria-labelledby="record-title">
      <h2 id="record-title">{t("delivery.record.title")}</h2>
      <Form method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={errors} />
        <input type="hidden" name="intent" value="record" />
        <Select
          meta={fields.recipientId}
          label={t("delivery.record.recipient")}
          options={[{ value: "", label: t("delivery.responses.choose") }, ...recipients.map((r) => ({ value: String(r.id), label: r.label }))]}
        />
        <Radios meta={fields.method} legend={t("delivery.record.method")} options={(["hand", "post"] as const).map((m) => ({ value: m, label: t(`delivery.methods.${m}`) }))} />
        <TextField meta={fields.deliveredOn} label={t("delivery.record.date")} type="date" />
        <TextField meta={fields.deliveredBy} label={t("delivery.record.deliveredBy")} hint={t("delivery.record.deliveredByHint")} />
        <TextField meta={fields.note} label={t("delivery.record.note")} hint={t("delivery.record.noteHint")} multiline rows={3} />
        <button type="submit" className="button">
          {t("delivery.record.submit")}
        </button>
      </Form>
    </section>
  );
}
