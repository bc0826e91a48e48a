import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { env } from "~/utils/env.server";
import { titled } from "~/utils/meta";

// The site has one configured address, MAIL_FROM, so that is where people write: no setting of its
// own. (A deployment whose MAIL_FROM nobody reads should change it: see the README.)
export function loader() {
  const email = env.MAIL_FROM.match(/<([^<>]+)>\s*$/)?.[1] ?? env.MAIL_FROM.trim();
  return { email };
}

export const meta = titled("contact.title");

export default function Contact() {
  const { email } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("contact.title")}</h1>
      <p className="lead">{t("contact.intro")}</p>
      <p className="contact-email">
        <a href={`mailto:${email}`}>{email}</a>
      </p>
      <p>{t("contact.tell")}</p>
      <p>{t("contact.forExample")}</p>
      <ul>
        <li>{t("contact.exampleAccess")}</li>
        <li>{t("contact.examplePrivacy")}</li>
        <li>{t("contact.exampleProblem")}</li>
      </ul>
    </>
  );
}
