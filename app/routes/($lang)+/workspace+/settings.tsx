import { type ActionFunctionArgs, type LoaderFunctionArgs} from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { isReviewRequired, setReviewRequired } from "~/services/campaign-editing.server";
import { readForm } from "~/utils/request.server";
import { requireSiteAccess } from "~/services/access.server";
import { requireUser } from "~/utils/session.server";
import { titled } from "~/utils/meta";
import { redirectInLanguage } from "~/utils/redirect.server";

export async function loader({ request }: LoaderFunctionArgs) {
  requireSiteAccess({ actor: await requireUser(request), need: "changeSettings" });
  return { reviewRequired: await isReviewRequired() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requireSiteAccess({ actor: user, need: "changeSettings" });
  const form = await readForm(request);
  await setReviewRequired({ user, required: form.get("reviewRequired") === "on" });
  return redirectInLanguage(request, "/workspace/settings?saved=1");
}

export const meta = titled("settings.title");

export default function Settings() {
  const { reviewRequired } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("settings.title")}</h1>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("settings.saved")}
        </p>
      ) : null}
      <Form method="post">
        <div className="choice">
          <input type="checkbox" id="review-required" name="reviewRequired" defaultChecked={reviewRequired} aria-describedby="review-hint" />
          <label htmlFor="review-required">{t("settings.review")}</label>
        </div>
        <p className="hint" id="review-hint">
          {t("settings.reviewHint")}
        </p>
        <button type="submit" className="button">
          {t("settings.save")}
        </button>
      </Form>
    </>
  );
}
