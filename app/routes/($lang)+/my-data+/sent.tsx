import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Link } from "~/components/link";
import { MY_DATA_LINK_MINUTES } from "~/services/my-data.server";
import { titled } from "~/utils/meta";

export function loader() {
  return { minutes: MY_DATA_LINK_MINUTES };
}

export const meta = titled("myData.sent.title");

// The same page whatever was typed: it never tells whether anything is held for an address.
export default function MyDataSent() {
  const { minutes } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("myData.sent.title")}</h1>
      <p role="status">{t("myData.sent.body", { minutes })}</p>
      <p>{t("myData.sent.nothing")}</p>
      <p>
        <Link to="/my-data">{t("myData.sent.again")}</Link>
      </p>
    </>
  );
}
