import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Radios, TextField } from "~/components/form-fields";
import { IntentButton } from "~/components/intent-button";
import { Form } from "~/components/link";
import { TableRegion } from "~/components/table-region";
import { languageNames, type MessageKey } from "~/i18n";
import { EventSchema, KioskChangeSchema } from "~/schemas/events";
import { CampaignParamsSchema } from "~/schemas/params";
import { requireCampaignAccess } from "~/services/access.server";
import { closeKiosk, createEvent, listEvents, openKiosk } from "~/services/events.server";
import { refusal, replyWithError } from "~/utils/domain-error";
import { readDone, redirectDone } from "~/utils/done.server";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { metaT, pageTitle } from "~/utils/meta";
import { parseParams } from "~/utils/params";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { parseSubmission } from "~/utils/submission.server";

// A campaign's events (where people sign in person) and, for staff, their kiosks. Opening a kiosk
// answers with its link on this page, once (the page is private and never stored): it is not in
// any address, and only its hash is kept.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, may, languages, events } = await listEvents({ actor: user, slug: parseParams(params, CampaignParamsSchema).slug });
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    languages,
    mayEdit: may.edit,
    mayRunKiosk: may.runKiosk,
    events: events.map((event) => ({
      id: event.id,
      name: event.name,
      place: event.place,
      startsOn: event.starts_on,
      endsOn: event.ends_on,
      language: event.language,
      signatures: event.signatures,
      over: event.over,
      kiosks: event.kiosks.map((kiosk) => ({ id: kiosk.id, openedAt: kiosk.opened_at, openedBy: kiosk.opened_by_email })),
    })),
    done: readDone(request, ["created", "closed"]).done,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  await requireCampaignAccess({ actor: user, slug, need: "view" }); // 404 before reading anything for someone else's campaign
  const here = `/workspace/c/${slug}/events`;
  const formData = await readForm(request);
  const intent = formData.get("intent");

  if (intent === "openKiosk" || intent === "closeKiosk") {
    const change = KioskChangeSchema.safeParse(Object.fromEntries(formData));
    if (!change.success) return data({ result: undefined, opened: undefined, error: { key: "events.errors.notPossible" as MessageKey, values: {} } }, { status: 400 });
    try {
      if (change.data.intent === "closeKiosk") {
        await closeKiosk({ actor: user, slug, kioskId: change.data.kioskId });
        return redirectDone(request, here, "closed");
      }
      const { event, link, qrCode } = await openKiosk({ actor: user, slug, eventId: change.data.eventId });
      return { result: undefined, opened: { name: event.name, link, qrCode }, error: undefined };
    } catch (error) {
      const refused = refusal(error);
      return data({ result: undefined, opened: undefined, error: { key: refused.key, values: refused.values } }, { status: refused.status });
    }
  }

  const submission = parseSubmission(formData, { schema: EventSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), opened: undefined, error: undefined }, { status: 400 });
  try {
    await createEvent({ actor: user, slug, input: submission.value });
  } catch (error) {
    const { result, status } = replyWithError(submission, error, { field: "language", statuses: [400] });
    return data({ result, opened: undefined, error: undefined }, { status });
  }
  return redirectDone(request, here, "created");
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("events.title"), data?.campaign.title);

/** A kiosk's link, shown once after it is opened, with a QR code for the tablet's camera. */
function OpenedKiosk({ opened }: { opened: { name: string; link: string; qrCode: { size: number; path: string } } }) {
  const { t } = useTranslation();
  const { size, path } = opened.qrCode;
  return (
    <section className="notice kiosk-opened" aria-labelledby="kiosk-opened">
      <h2 id="kiosk-opened">{t("events.opened.heading", { name: opened.name })}</h2>
      <p>{t("events.opened.body")}</p>
      <p>
        {t("events.opened.link")}: <code className="kiosk-link">{opened.link}</code>
      </p>
      <svg className="qr-code" role="img" aria-label={t("events.opened.qr")} viewBox={`-4 -4 ${size + 8} ${size + 8}`} width={240} height={240} shapeRendering="crispEdges">
        <rect x={-4} y={-4} width={size + 8} height={size + 8} fill="#fff" />
        <path d={path} fill="#000" />
      </svg>
      <p>{t("events.opened.warning")}</p>
    </section>
  );
}

export default function Events() {
  const { languages, mayEdit, mayRunKiosk, events, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formKey = useFreshFormKey();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "event",
    lastResult: actionData?.result,
    defaultValue: { language: languages[0] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EventSchema }),
    shouldValidate: "onSubmit",
  });
  const errors = useErrorSummary(form, (["name", "place", "startsOn", "endsOn", "language"] as const).map((name) => fields[name]));
  const dates = (event: { startsOn: string; endsOn: string }) =>
    event.startsOn === event.endsOn ? t("events.day", { date: new Date(event.startsOn) }) : t("events.days", { from: new Date(event.startsOn), to: new Date(event.endsOn) });

  return (
    <>
      <CampaignPageHeader heading={t("events.title")}>
        {actionData?.error ? <ErrorSummary errors={[{ message: t(actionData.error.key, actionData.error.values) }]} /> : null}
      </CampaignPageHeader>
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(`events.done.${done}`)}
        </p>
      ) : null}
      {actionData?.opened ? <OpenedKiosk opened={actionData.opened} /> : null}
      <p>{t("events.intro")}</p>
      {mayRunKiosk ? null : <p>{t("events.staffOnly")}</p>}

      {events.length === 0 ? (
        <p>{t("events.none")}</p>
      ) : (
        <TableRegion label={t("events.list")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("events.name")}</th>
                <th scope="col">{t("events.place")}</th>
                <th scope="col">{t("events.dates")}</th>
                <th scope="col">{t("events.language")}</th>
                <th scope="col">{t("events.signatures")}</th>
                {mayRunKiosk ? <th scope="col">{t("events.kiosks")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>{event.name}</td>
                  <td>{event.place}</td>
                  <td>{dates(event)}</td>
                  <td lang={event.language}>{languageNames[event.language]}</td>
                  <td>{event.signatures}</td>
                  {mayRunKiosk ? (
                    <td>
                      {event.kiosks.length ? (
                        <ul className="kiosks">
                          {event.kiosks.map((kiosk) => (
                            <li key={kiosk.id}>
                              {t("events.kiosk", { number: kiosk.id, date: new Date(kiosk.openedAt), by: kiosk.openedBy ?? t("events.someone") })}{" "}
                              <IntentButton intent="closeKiosk" fields={{ kioskId: kiosk.id }} ariaLabel={t("events.closeKioskLabel", { number: kiosk.id, name: event.name })} variant="warning">
                                {t("events.closeKiosk")}
                              </IntentButton>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <p>{t("events.noKiosk")}</p>
                      )}
                      {event.over ? (
                        <p>{t("events.over")}</p>
                      ) : (
                        <IntentButton intent="openKiosk" fields={{ eventId: event.id }} ariaLabel={t("events.openKioskLabel", { name: event.name })}>
                          {t("events.openKiosk")}
                        </IntentButton>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}

      {mayEdit ? (
        <>
          <h2>{t("events.add.heading")}</h2>
          <Form key={formKey} method="post" {...getFormProps(form)} noValidate>
            <ErrorSummary errors={errors} />
            <input type="hidden" name="intent" value="addEvent" />
            <TextField meta={fields.name} label={t("events.add.name")} autoComplete="off" />
            <TextField meta={fields.place} label={t("events.add.place")} hint={t("events.add.placeHint")} autoComplete="off" />
            <TextField meta={fields.startsOn} label={t("events.add.startsOn")} type="date" />
            <TextField meta={fields.endsOn} label={t("events.add.endsOn")} hint={t("events.add.endsOnHint")} type="date" />
            {languages.length > 1 ? (
              <Radios meta={fields.language} legend={t("events.add.language")} options={languages.map((language) => ({ value: language, label: <span lang={language}>{languageNames[language]}</span> }))} />
            ) : (
              <input type="hidden" name="language" value={languages[0]} />
            )}
            <button type="submit" className="button">
              {t("events.add.submit")}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
