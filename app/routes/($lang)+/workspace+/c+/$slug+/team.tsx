import { parseWithZod } from "@conform-to/zod/v4";
import { getFormProps, useForm } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/form-fields";
import { IntentButton } from "~/components/intent-button";
import { InviteSchema, TeamChangeSchema } from "~/schemas/team";
import { requireCampaignAccess } from "~/services/access.server";
import { cancelInvitation, getTeam, inviteToTeam, removeFromTeam } from "~/services/team.server";
import { DomainError, refusal, replyWithError } from "~/utils/domain-error";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { When } from "~/components/when";
import { readDone, redirectDone } from "~/utils/done.server";
import { languageOf } from "~/i18n/paths";
import { metaT, pageTitle } from "~/utils/meta";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, members, invitations, canManage } = await getTeam({ user, slug: parseParams(params, CampaignParamsSchema).slug });
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    members: members.map((m) => ({ userId: m.user_id, email: m.email, role: m.role, addedAt: m.created_at, you: m.user_id === user.id })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, invitedBy: i.invited_by_email, sentAt: i.created_at, expiresAt: i.expires_at })),
    canManage,
    done: readDone(request, ["invited", "removed", "cancelled"]).done,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  await requireCampaignAccess({ actor: user, slug, need: "view" }); // 404 before reading anything for someone else's campaign
  const formData = await readForm(request);
  if (formData.get("intent") === "invite") {
    const submission = parseSubmission(formData, { schema: InviteSchema });
    if (submission.status !== "success") return data({ result: submission.reply(), error: undefined }, { status: 400 });
    try {
      await inviteToTeam({ user, slug, email: submission.value.email, language: languageOf(request) });
    } catch (error) {
      const alreadyMember = error instanceof DomainError && error.key === "team.errors.alreadyMember";
      const { result, status } = replyWithError(submission, error, { field: alreadyMember ? "email" : undefined, statuses: [409] });
      return data({ result, error: undefined }, { status });
    }
    return redirectDone(request, `/workspace/c/${slug}/team`, "invited");
  }
  const change = TeamChangeSchema.safeParse(Object.fromEntries(formData));
  if (!change.success) return data({ result: undefined, error: "team.errors.notPossible" as const }, { status: 400 });
  try {
    if (change.data.intent === "remove") await removeFromTeam({ user, slug, userId: change.data.userId });
    else await cancelInvitation({ user, slug, invitationId: change.data.invitationId });
  } catch (error) {
    return data({ result: undefined, error: refusal(error).key }, { status: 409 });
  }
  return redirectDone(request, `/workspace/c/${slug}/team`, change.data.intent === "remove" ? "removed" : "cancelled");
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("team.title"), data?.campaign.title);


export default function Team() {
  const { members, invitations, canManage, done } = useLoaderData<typeof loader>();
  const formKey = useFreshFormKey();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
    shouldValidate: "onSubmit",
  });
  const inviteErrors = useErrorSummary(form, [fields.email]);
  return (
    <>
      <CampaignPageHeader heading={t("team.title")} />
      {actionData?.error ? <ErrorSummary errors={[{ message: t(actionData.error) }]} /> : null}
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(`team.done.${done}`)}
        </p>
      ) : null}
      <p>{t("team.intro")}</p>

      <h2>{t("team.members")}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("team.email")}</th>
            <th scope="col">{t("team.role")}</th>
            <th scope="col">{t("team.added")}</th>
            {canManage ? (
              <th scope="col">
                <span className="visually-hidden">{t("team.remove")}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>
                {m.email} {m.you ? t("team.you") : null}
              </td>
              <td>{t(`team.roles.${m.role}`)}</td>
              <td>
                <When at={m.addedAt} />
              </td>
              {canManage ? (
                <td>
                  {m.role === "editor" ? (
                    <IntentButton intent="remove" fields={{ userId: m.userId }} ariaLabel={t("team.removeLabel", { email: m.email })} variant="warning">
                      {t("team.remove")}
                    </IntentButton>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t("team.invitations")}</h2>
      {invitations.length === 0 ? (
        <p>{t("team.noInvitations")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("team.email")}</th>
              <th scope="col">{t("team.invitedBy")}</th>
              <th scope="col">{t("team.expires")}</th>
              {canManage ? (
                <th scope="col">
                  <span className="visually-hidden">{t("team.cancel")}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {invitations.map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>{i.invitedBy}</td>
                <td>
                  <When at={i.expiresAt} />
                </td>
                {canManage ? (
                  <td>
                    <IntentButton intent="cancel" fields={{ invitationId: i.id }} ariaLabel={t("team.cancelLabel", { email: i.email })}>
                      {t("team.cancel")}
                    </IntentButton>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {canManage ? (
        <>
          <h2>{t("team.inviteTitle")}</h2>
          <Form key={formKey} method="post" {...getFormProps(form)} noValidate>
            <ErrorSummary errors={inviteErrors} />
            <input type="hidden" name="intent" value="invite" />
            <TextField meta={fields.email} label={t("team.inviteEmail")} hint={t("team.inviteHint")} type="email" autoComplete="off" />
            <button type="submit" className="button">
              {t("team.inviteSubmit")}
            </button>
          </Form>
        </>
      ) : (
        <p>{t("team.readOnly")}</p>
      )}
    </>
  );
}
