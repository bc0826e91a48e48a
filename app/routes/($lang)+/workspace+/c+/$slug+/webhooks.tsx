import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Checkbox, TextField } from "~/components/form-fields";
import { IntentButton } from "~/components/intent-button";
import { Form } from "~/components/link";
import { TableRegion } from "~/components/table-region";
import type { MessageKey } from "~/i18n";
import { CampaignParamsSchema } from "~/schemas/params";
import { WebhookChangeSchema, WebhookSchema } from "~/schemas/webhooks";
import { WEBHOOK_EVENTS } from "~/utils/webhook-events";
import { requireCampaignAccess } from "~/services/access.server";
import { createWebhook, getWebhooksPage, removeWebhook, rotateWebhookSecret } from "~/services/webhooks.server";
import { replyWithError } from "~/utils/domain-error";
import { readDone, redirectDone } from "~/utils/done.server";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { metaT, pageTitle } from "~/utils/meta";
import { parseParams } from "~/utils/params";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { parseSubmission } from "~/utils/submission.server";

// A campaign's webhooks: the list with each one's recent deliveries, adding one (its secret is
// answered on this page once, never stored in an address or shown again) and deleting one.

const eventKey = { "signature.verified": "signatureVerified", "campaign.delivered": "campaignDelivered", "response.published": "responsePublished" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, mayIncludeEmails, webhooks } = await getWebhooksPage({ user, slug: parseParams(params, CampaignParamsSchema).slug });
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    mayIncludeEmails,
    webhooks: webhooks.map((webhook) => ({
      id: webhook.id,
      url: webhook.url,
      events: webhook.events,
      includeEmails: webhook.include_emails,
      createdAt: webhook.created_at,
      attempts: webhook.attempts.map((a) => ({ id: a.id, at: a.at, event: a.event, attempt: a.attempt, statusCode: a.status_code, error: a.error, delivered: a.delivered })),
    })),
    done: readDone(request, ["deleted"]).done,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  await requireCampaignAccess({ actor: user, slug, need: "manageWebhooks" }); // 404 before reading anything for someone else's campaign
  const formData = await readForm(request);

  const intent = formData.get("intent");
  if (intent === "delete" || intent === "rotate") {
    const parsed = WebhookChangeSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ result: undefined, created: undefined }, { status: 400 });
    if (parsed.data.intent === "rotate") {
      const rotated = await rotateWebhookSecret({ user, slug, webhookId: parsed.data.webhookId });
      return { result: undefined, created: { url: rotated.url, secret: rotated.secret, rotated: true } };
    }
    await removeWebhook({ user, slug, webhookId: parsed.data.webhookId });
    return redirectDone(request, `/workspace/c/${slug}/webhooks`, "deleted");
  }

  const submission = parseSubmission(formData, { schema: WebhookSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: undefined }, { status: 400 });
  try {
    const created = await createWebhook({ user, slug, input: submission.value });
    return { result: submission.reply({ resetForm: true }), created: { url: created.url, secret: created.secret, rotated: false } };
  } catch (error) {
    const { result, status } = replyWithError(submission, error, { field: "url", statuses: [400] });
    return data({ result, created: undefined }, { status });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("webhooks.title"), data?.campaign.title);

export default function Webhooks() {
  const { mayIncludeEmails, webhooks, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formKey = useFreshFormKey();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "webhook",
    lastResult: actionData?.created ? undefined : actionData?.result,
    defaultValue: { events: ["signature.verified"] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WebhookSchema }),
    shouldValidate: "onSubmit",
  });
  const firstBox = `${fields.events.id}-${WEBHOOK_EVENTS[0]}`;
  const errors = useErrorSummary(form, [fields.url, { id: firstBox, errors: fields.events.errors }]);
  const ticked = [fields.events.initialValue ?? []].flat().map(String);
  const eventName = (event: string) => (event in eventKey ? t(`webhooks.eventNames.${eventKey[event as keyof typeof eventKey]}`) : event);

  return (
    <>
      <CampaignPageHeader heading={t("webhooks.title")} />
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(`webhooks.done.${done}`)}
        </p>
      ) : null}
      {actionData?.created ? (
        <section className="notice" aria-labelledby="webhook-created">
          <h2 id="webhook-created">{actionData.created.rotated ? t("webhooks.created.rotatedHeading", { url: actionData.created.url }) : t("webhooks.created.heading")}</h2>
          <p>{t("webhooks.created.body")}</p>
          <p>
            {t("webhooks.created.secret")}: <code className="webhook-secret">{actionData.created.secret}</code>
          </p>
        </section>
      ) : null}
      <p>{t("webhooks.intro")}</p>
      <p>{t("webhooks.verifyHelp")}</p>

      {webhooks.length === 0 ? (
        <p>{t("webhooks.none")}</p>
      ) : (
        <>
          <TableRegion label={t("webhooks.list")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("webhooks.url")}</th>
                  <th scope="col">{t("webhooks.events")}</th>
                  <th scope="col">{t("webhooks.createdAt")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("webhooks.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {webhooks.map((webhook) => (
                  <tr key={webhook.id}>
                    <td>
                      <code>{webhook.url}</code>
                    </td>
                    <td>
                      <ul>
                        {webhook.events.map((event) => (
                          <li key={event}>{eventName(event)}</li>
                        ))}
                      </ul>
                      {webhook.includeEmails ? <p>{t("webhooks.withEmails")}</p> : null}
                    </td>
                    <td>{t("webhooks.createdOn", { date: new Date(webhook.createdAt) })}</td>
                    <td>
                      <IntentButton intent="rotate" fields={{ webhookId: webhook.id }} ariaLabel={t("webhooks.rotateLabel", { url: webhook.url })}>
                        {t("webhooks.rotate")}
                      </IntentButton>
                      <IntentButton intent="delete" fields={{ webhookId: webhook.id }} ariaLabel={t("webhooks.deleteLabel", { url: webhook.url })} variant="warning">
                        {t("webhooks.delete")}
                      </IntentButton>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          {webhooks.map((webhook) => (
            <section key={webhook.id} aria-labelledby={`attempts-${webhook.id}`}>
              <h2 id={`attempts-${webhook.id}`}>{t("webhooks.attempts.heading", { url: webhook.url })}</h2>
              {webhook.attempts.length === 0 ? (
                <p>{t("webhooks.attempts.none")}</p>
              ) : (
                <TableRegion label={t("webhooks.attempts.heading", { url: webhook.url })}>
                  <table className="table webhook-attempts">
                    <thead>
                      <tr>
                        <th scope="col">{t("webhooks.attempts.at")}</th>
                        <th scope="col">{t("webhooks.attempts.event")}</th>
                        <th scope="col">{t("webhooks.attempts.attempt")}</th>
                        <th scope="col">{t("webhooks.attempts.result")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {webhook.attempts.map((attempt) => (
                        <tr key={attempt.id} data-delivered={attempt.delivered ? "yes" : "no"}>
                          <td>{t("webhooks.createdOn", { date: new Date(attempt.at) })}</td>
                          <td>{eventName(attempt.event)}</td>
                          <td>{attempt.attempt}</td>
                          <td>
                            {attempt.delivered ? t("webhooks.attempts.delivered") : t("webhooks.attempts.failed")}
                            {attempt.statusCode !== null ? ` (${t("webhooks.attempts.status", { code: attempt.statusCode })})` : null}
                            {!attempt.delivered && attempt.error ? <span className="muted">{` ${attempt.error}`}</span> : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableRegion>
              )}
            </section>
          ))}
        </>
      )}

      <h2>{t("webhooks.add.heading")}</h2>
      <Form key={formKey} method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={errors} />
        <input type="hidden" name="intent" value="add" />
        <TextField meta={fields.url} label={t("webhooks.add.url")} hint={t("webhooks.add.urlHint")} autoComplete="off" />
        <div className={`field${fields.events.errors?.length ? " field--error" : ""}`}>
          <fieldset aria-describedby={fields.events.errors?.length ? fields.events.errorId : undefined}>
            <legend>{t("webhooks.add.events")}</legend>
            {fields.events.errors?.length ? (
              <p className="error-message" id={fields.events.errorId}>
                <span className="visually-hidden">{t("errors.prefix")} </span>
                {t(fields.events.errors[0] as MessageKey)}
              </p>
            ) : null}
            {WEBHOOK_EVENTS.map((event) => (
              <div className="choice" key={event}>
                <input type="checkbox" id={`${fields.events.id}-${event}`} name="events" value={event} defaultChecked={ticked.includes(event)} />
                <label htmlFor={`${fields.events.id}-${event}`}>{eventName(event)}</label>
              </div>
            ))}
          </fieldset>
        </div>
        {mayIncludeEmails ? (
          <>
            <Checkbox meta={fields.includeEmails} label={t("webhooks.add.includeEmails")} />
            <p className="hint">{t("webhooks.add.includeEmailsHint")}</p>
          </>
        ) : null}
        <button type="submit" className="button">
          {t("webhooks.add.submit")}
        </button>
      </Form>
    </>
  );
}
