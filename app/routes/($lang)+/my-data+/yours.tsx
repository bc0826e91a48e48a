import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Link, useLocalePath } from "~/components/link";
import { LinkNotWorking } from "~/components/secret-link";
import { When } from "~/components/when";
import { countryName } from "~/i18n/countries";
import { getMyData } from "~/services/my-data.server";
import { metaT } from "~/utils/meta";
import { readMyDataSession } from "./__session.server";

// Everything held for the address the session is for. The session (30 minutes, from the mailed
// link) is the only key: without it, the page says so and offers a new link.
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await readMyDataSession(request);
  if (!session) return data({ mine: null }, { status: 403 });
  return data({ mine: await getMyData({ email: session.email }) });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: `${data?.mine ? t("myData.yours.title") : t("myData.ended.title")} – ${t("site.name")}` }];
};

export default function MyData() {
  const { mine } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localePath = useLocalePath();
  if (!mine) return <LinkNotWorking title={t("myData.ended.title")} body={t("myData.ended.body")} back={{ to: "/my-data", label: t("myData.link.newLink") }} />;
  const yesNo = (value: boolean) => (value ? t("myData.yes") : t("myData.no"));
  const nothingHeld = !mine.signatures.length && !mine.supportLetters.length && !mine.account && !mine.invitations.length;
  return (
    <>
      <h1>{t("myData.yours.title")}</h1>
      <p className="lead">{t("myData.yours.lead", { email: mine.email })}</p>
      <p>{t("myData.yours.sessionNote")}</p>
      {nothingHeld ? <p role="status">{t("myData.yours.nothing")}</p> : null}

      <h2>{t("myData.signatures.title")}</h2>
      {mine.signatures.length ? (
        mine.signatures.map((s, index) => (
          <div key={index}>
            <h3>{s.campaign.title}</h3>
            <dl className="recipients">
              <dt>{t("myData.signatures.signedOn")}</dt>
              <dd>
                <When at={s.signedAt} />
              </dd>
              <dt>{t("myData.signatures.status")}</dt>
              <dd>{s.confirmed ? t("myData.signatures.confirmed") : t("myData.signatures.unconfirmed")}</dd>
              <dt>{t("myData.signatures.name")}</dt>
              <dd>{s.name}</dd>
              <dt>{t("myData.signatures.signerType")}</dt>
              <dd>{t(`myData.signerTypes.${s.signerType}`)}</dd>
              {s.organisation ? (
                <>
                  <dt>{t("myData.signatures.organisation")}</dt>
                  <dd>{s.organisation}</dd>
                </>
              ) : null}
              {s.role ? (
                <>
                  <dt>{t("myData.signatures.role")}</dt>
                  <dd>{s.role}</dd>
                </>
              ) : null}
              <dt>{t("myData.signatures.town")}</dt>
              <dd>{s.town}</dd>
              {s.comment ? (
                <>
                  <dt>{t("myData.signatures.comment")}</dt>
                  <dd>
                    <Paragraphs text={s.comment} />
                  </dd>
                </>
              ) : null}
              <dt>{t("myData.signatures.shown")}</dt>
              <dd>{yesNo(s.nameShownPublicly)}</dd>
              <dt>{t("myData.signatures.news")}</dt>
              <dd>{yesNo(s.wantsNews)}</dd>
              <dt>{t("myData.signatures.source")}</dt>
              <dd>{t(`myData.sources.${s.source}`)}</dd>
            </dl>
          </div>
        ))
      ) : (
        <p>{t("myData.signatures.none")}</p>
      )}

      <h2>{t("myData.letters.title")}</h2>
      {mine.supportLetters.length ? (
        mine.supportLetters.map((l, index) => (
          <div key={index}>
            <h3>{l.campaign.title}</h3>
            <dl className="recipients">
              <dt>{t("myData.letters.writtenOn")}</dt>
              <dd>
                <When at={l.writtenAt} />
              </dd>
              <dt>{t("myData.letters.status")}</dt>
              <dd>{t(`myData.letterStatuses.${l.status}`)}</dd>
              <dt>{t("myData.letters.name")}</dt>
              <dd>{l.authorName}</dd>
              {l.role ? (
                <>
                  <dt>{t("myData.letters.role")}</dt>
                  <dd>{l.role}</dd>
                </>
              ) : null}
              {l.organisation ? (
                <>
                  <dt>{t("myData.letters.organisation")}</dt>
                  <dd>{l.organisation}</dd>
                </>
              ) : null}
              <dt>{t("myData.letters.country")}</dt>
              <dd>{countryName(l.country)}</dd>
              <dt>{t("myData.letters.letter")}</dt>
              <dd>
                {l.text ? <Paragraphs text={l.text} /> : null}
                {l.pdfSent ? <p>{t("myData.letters.pdfSent")}</p> : null}
              </dd>
            </dl>
          </div>
        ))
      ) : (
        <p>{t("myData.letters.none")}</p>
      )}

      <h2>{t("myData.news.title")}</h2>
      {mine.newsSubscriptions.length ? (
        <>
          <p>{t("myData.news.intro")}</p>
          <ul>
            {mine.newsSubscriptions.map((n, index) => (
              <li key={index}>{n.campaign.title}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t("myData.news.none")}</p>
      )}

      <h2>{t("myData.account.title")}</h2>
      {mine.account ? (
        <dl className="recipients">
          <dt>{t("myData.account.email")}</dt>
          <dd>{mine.account.email}</dd>
          {mine.account.name ? (
            <>
              <dt>{t("myData.account.name")}</dt>
              <dd>{mine.account.name}</dd>
            </>
          ) : null}
          <dt>{t("myData.account.role")}</dt>
          <dd>{t(`myData.roles.${mine.account.role}`)}</dd>
          <dt>{t("myData.account.since")}</dt>
          <dd>
            <When at={mine.account.since} />
          </dd>
        </dl>
      ) : (
        <p>{t("myData.account.none")}</p>
      )}

      <h2>{t("myData.invitations.title")}</h2>
      {mine.invitations.length ? (
        <ul>
          {mine.invitations.map((i, index) => (
            <li key={index}>
              {t(`myData.invitations.${i.kind}`, { title: i.campaign.title })} (<When at={i.invitedAt} />)
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("myData.invitations.none")}</p>
      )}

      <h2>{t("myData.yours.whatNow")}</h2>
      <p>
        <a href={localePath("/my-data/yours.json")} download="my-data.json">
          {t("myData.yours.download")}
        </a>
      </p>
      <p>{t("myData.yours.eraseIntro")}</p>
      <p>
        <Link to="/my-data/erase" className="button button--warning">
          {t("myData.yours.erase")}
        </Link>
      </p>
    </>
  );
}

/** Text as it was typed: a paragraph per blank line. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\s*\n/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </>
  );
}
