import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Link } from "~/components/link";
import { titled } from "~/utils/meta";

// What was erased, from the counts the erasing put in the address (the session is over by now, and
// nothing else is left to read them from). Counts only: nothing here names anyone.
const count = z.coerce.number().int().min(0).max(1_000_000).catch(0);
const ErasedSchema = z.object({
  signatures: count,
  letters: count,
  kept: count,
  invitations: count,
  account: z.enum(["erased", "keptLastAdmin", "none"]).catch("none"),
});

export function loader({ request }: LoaderFunctionArgs) {
  return ErasedSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
}

export const meta = titled("myData.erased.title");

export default function Erased() {
  const erased = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <div className="panel">
        <h1>{t("myData.erased.title")}</h1>
      </div>
      <p className="lead" role="status">
        {t("myData.erased.lead")}
      </p>
      <ul>
        <li>{t("myData.erased.signatures", { count: erased.signatures })}</li>
        <li>{t("myData.erased.letters", { count: erased.letters })}</li>
        {erased.invitations ? <li>{t("myData.erased.invitations", { count: erased.invitations })}</li> : null}
        {erased.account === "erased" ? <li>{t("myData.erased.account")}</li> : null}
      </ul>
      {erased.kept ? <p>{t("myData.erased.kept", { count: erased.kept })}</p> : null}
      {erased.account === "keptLastAdmin" ? <p>{t("myData.erased.lastAdmin")}</p> : null}
      <p>{t("myData.erased.again")}</p>
      <p>
        <Link to="/">{t("myData.erased.home")}</Link>
      </p>
    </>
  );
}
