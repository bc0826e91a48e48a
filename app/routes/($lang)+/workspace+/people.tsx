import { parseWithZod } from "@conform-to/zod/v4";
import { getFormProps, useForm } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Select, TextField } from "~/components/form-fields";
import { userRoles } from "~/schemas/account";
import { NewAccountSchema, RoleChangeSchema } from "~/schemas/people";
import { changeRole, createAccount, listPeople } from "~/services/people.server";
import { refusal, replyWithError } from "~/utils/domain-error";
import { readForm } from "~/utils/request.server";
import { requireSiteAccess } from "~/services/access.server";
import { requireUser } from "~/utils/session.server";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { When } from "~/components/when";
import { readDone, redirectDone } from "~/utils/done.server";
import { titled } from "~/utils/meta";
import { languageOf } from "~/i18n/paths";


export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUser(request);
  requireSiteAccess({ actor: admin, need: "managePeople" });
  const people = await listPeople({ admin });
  return {
    people: people.map((p) => ({ id: p.id, email: p.email, role: p.role, lastSignInAt: p.last_sign_in_at, you: p.id === admin.id })),
    done: readDone(request, ["created", "changed"]).done,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request);
  requireSiteAccess({ actor: admin, need: "managePeople" });
  const formData = await readForm(request);
  if (formData.get("intent") === "create") {
    const submission = parseSubmission(formData, { schema: NewAccountSchema });
    if (submission.status !== "success") return data({ result: submission.reply(), error: undefined }, { status: 400 });
    try {
      await createAccount({ admin, email: submission.value.email, role: submission.value.role, language: languageOf(request) });
    } catch (error) {
      const { result, status } = replyWithError(submission, error, { field: "email" });
      return data({ result, error: undefined }, { status });
    }
    return redirectDone(request, "/workspace/people", "created");
  }
  const change = RoleChangeSchema.safeParse(Object.fromEntries(formData));
  if (!change.success) return data({ result: undefined, error: "people.errors.roleRequired" as const }, { status: 400 });
  try {
    await changeRole({ admin, userId: change.data.userId, role: change.data.role });
  } catch (error) {
    return data({ result: undefined, error: refusal(error).key }, { status: 409 });
  }
  return redirectDone(request, "/workspace/people", "changed");
}

export const meta = titled("people.title");

export default function People() {
  const { people, done } = useLoaderData<typeof loader>();
  const formKey = useFreshFormKey();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "new-account",
    lastResult: actionData?.result,
    defaultValue: { role: "campaigner" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewAccountSchema }),
    shouldValidate: "onSubmit",
  });
  const createErrors = useErrorSummary(form, [fields.email, fields.role]);
  const roleOptions = userRoles.map((role) => ({ value: role, label: t(`people.roles.${role}`) }));
  return (
    <>
      <h1>{t("people.title")}</h1>
      {actionData?.error ? <ErrorSummary errors={[{ message: t(actionData.error) }]} /> : null}
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(`people.done.${done}`)}
        </p>
      ) : null}
      <p>{t("people.intro")}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("people.email")}</th>
            <th scope="col">{t("people.role")}</th>
            <th scope="col">{t("people.lastSignIn")}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <td>
                {p.email} {p.you ? t("people.you") : null}
              </td>
              <td>
                {p.you ? (
                  t(`people.roles.${p.role}`)
                ) : (
                  <Form method="post" className="button-row">
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="userId" value={p.id} />
                    <label htmlFor={`role-${p.id}`} className="visually-hidden">
                      {t("people.roleFor", { email: p.email })}
                    </label>
                    <select id={`role-${p.id}`} name="role" defaultValue={p.role}>
                      {roleOptions.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button button--secondary" aria-label={t("people.changeLabel", { email: p.email })}>
                      {t("people.change")}
                    </button>
                  </Form>
                )}
              </td>
              <td>
                {p.lastSignInAt ? (
                  <When at={p.lastSignInAt} style="dateTime" />
                ) : (
                  t("people.never")
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t("people.createTitle")}</h2>
      <Form key={formKey} method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={createErrors} />
        <input type="hidden" name="intent" value="create" />
        <TextField meta={fields.email} label={t("people.createEmail")} hint={t("people.createHint")} type="email" autoComplete="off" />
        <Select meta={fields.role} label={t("people.createRole")} options={roleOptions} />
        <button type="submit" className="button">
          {t("people.createSubmit")}
        </button>
      </Form>
    </>
  );
}
