import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction} from "@remix-run/node";
import { useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { Form, Link } from "~/components/link";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { requestPackExport } from "~/services/pack/export-job.server";
import { getPackPage } from "~/services/pack/exports.server";
import { packSigningKey } from "~/utils/pack-key.server";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { metaT, pageTitle } from "~/utils/meta";
import { redirectInLanguage } from "~/utils/redirect.server";

const StartedSchema = z.coerce.number().int().positive().optional().catch(undefined);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { campaign, exports } = await getPackPage({ user, slug: parseParams(params, CampaignParamsSchema).slug });
  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    exports: exports.map((e) => ({
      id: e.id,
      status: e.status,
      progress: e.progress,
      total: e.total,
      bytes: e.bytes,
      createdAt: e.created_at,
      error: e.error,
      // Pack retention (or anonymising) deleted the ZIP: the row keeps its manifest's SHA-256.
      fileDeleted: e.status === "done" && e.file === null,
      manifestSha256: e.manifest_sha256,
    })),
    fingerprint: packSigningKey().fingerprint,
    started: StartedSchema.parse(new URL(request.url).searchParams.get("started") ?? undefined),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await readForm(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  const id = await requestPackExport({ user, slug });
  return redirectInLanguage(request, `/workspace/c/${slug}/pack?started=${id}`);
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("pack.title"), data?.campaign.title);

type PackExportView = ReturnType<typeof useLoaderData<typeof loader>>["exports"][number];

const active = (status: string) => status === "queued" || status === "running";

function megabytes(bytes: number) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/**
 * With JavaScript, each export still going is polled once a second (its progress.json) and the
 * page reloads its data when one finishes, to show the download link. Without, a Refresh link.
 */
function useLiveExports(slug: string, exports: PackExportView[]) {
  const [live, setLive] = useState(exports);
  const revalidator = useRevalidator();
  useEffect(() => setLive(exports), [exports]);
  const polling = exports.filter((e) => active(e.status)).map((e) => e.id);
  const key = polling.join(",");
  useEffect(() => {
    if (!key) return;
    const timer = setInterval(async () => {
      const updates = await Promise.all(
        key.split(",").map(async (id) => {
          const response = await fetch(`/workspace/c/${slug}/pack/${id}/progress.json`);
          return response.ok ? ((await response.json()) as Pick<PackExportView, "id" | "status" | "progress" | "total">) : undefined;
        }),
      );
      setLive((current) => current.map((e) => ({ ...e, ...updates.find((u) => u?.id === e.id) })));
      if (updates.some((u) => u && !active(u.status))) revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [key, slug, revalidator]);
  return live;
}

export default function PackPage() {
  const { campaign, exports, fingerprint, started } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const location = useLocation();
  const live = useLiveExports(campaign.slug, exports);
  return (
    <>
      <CampaignPageHeader heading={t("pack.title")} />
      {started ? (
        <p className="notice" role="status">
          {t("pack.started")}
        </p>
      ) : null}
      <p>{t("pack.intro")}</p>
      <p>{t("pack.contents")}</p>
      <Form method="post">
        <button type="submit" className="button">
          {t("pack.start")}
        </button>
      </Form>

      <h2>{t("pack.exports")}</h2>
      {live.length === 0 ? <p>{t("pack.none")}</p> : null}
      {live.map((e) => (
        <section key={e.id} aria-labelledby={`pack-${e.id}`} className="pack-export">
          <h3 id={`pack-${e.id}`}>
            {t("pack.requested", { id: e.id, date: new Date(e.createdAt) })}: {t(`pack.states.${e.status}`)}
          </h3>
          {active(e.status) ? (
            <>
              <progress className="progress" value={e.progress} max={Math.max(1, e.total)} aria-labelledby={`pack-${e.id}-progress`} />
              <p id={`pack-${e.id}-progress`}>{t("pack.progress", { done: e.progress, total: e.total })}</p>
              <p>
                <a href={location.pathname}>{t("pack.refresh")}</a>
              </p>
            </>
          ) : null}
          {e.fileDeleted ? <p>{t("pack.fileDeleted", { sha256: e.manifestSha256 ?? "" })}</p> : null}
          {e.status === "done" && !e.fileDeleted && e.bytes !== null ? (
            <p>
              <a href={`/workspace/c/${campaign.slug}/pack/${e.id}/download`} download>
                {t("pack.download")}
              </a>{" "}
              <span className="muted">({t("pack.downloadDetails", { size: megabytes(e.bytes), count: e.total })})</span>
            </p>
          ) : null}
          {e.status === "failed" ? <p className="error-message">{t("pack.failed", { error: e.error ?? "" })}</p> : null}
        </section>
      ))}

      <p>{t("pack.fingerprint", { fingerprint })}</p>
      <p>
        <Link to="/verify-pack">{t("pack.checkLink")}</Link>
      </p>
    </>
  );
}
