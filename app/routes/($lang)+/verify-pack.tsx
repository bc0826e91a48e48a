import { type ActionFunctionArgs, data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Form } from "~/components/link";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/error-summary";
import { getT } from "~/i18n";
import { checkUploadedPack } from "~/services/pack-verify.server";
import { packSigningKey } from "~/utils/pack-key.server";
import { getClientIp } from "~/utils/request.server";
import { useFormat } from "~/i18n/format";
import { titled } from "~/utils/meta";
import { languageOf } from "~/i18n/paths";

export function loader() {
  return { fingerprint: packSigningKey().fingerprint };
}

/** A ZIP uploaded (streamed to a temporary file, up to 200 MB), checked against this site's key, deleted. */
export async function action({ request, context }: ActionFunctionArgs) {
  const outcome = await checkUploadedPack({ request, ipAddress: getClientIp(request, context.clientAddress), keyName: getT(languageOf(request))("pack.verify.siteKey") });
  if ("error" in outcome) {
    // A body refused half-way is not read to its end: the connection closes after the answer.
    const headers = outcome.status === 413 ? { Connection: "close" } : undefined;
    return data({ error: outcome.error, check: undefined }, { status: outcome.status, headers });
  }
  const { check } = outcome;
  return {
    error: undefined,
    check: check.ok
      ? {
          ok: true as const,
          campaign: check.manifest.campaign.title,
          exportedAt: check.manifest.exportedAt,
          signatures: check.manifest.counts.signatures,
          supportLetters: check.manifest.counts.supportLetters,
          filesChecked: check.filesChecked,
          fingerprint: check.fingerprint,
        }
      : { ok: false as const, problem: check.problem, file: check.file },
  };
}

export const meta = titled("pack.verify.title");

export default function VerifyPack() {
  const { fingerprint } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const format = useFormat();
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const check = navigation.state === "idle" ? result?.check : undefined;
  useEffect(() => {
    if (check) resultHeading.current?.focus();
  }, [check]);
  const error = result?.error;
  return (
    <>
      <h1>{t("pack.verify.title")}</h1>
      {check?.ok ? (
        <div className="panel">
          <h2 ref={resultHeading} tabIndex={-1}>
            {t("pack.verify.intact")}
          </h2>
          <p>{t("pack.verify.intactBody")}</p>
          <dl className="recipients">
            <dt>{t("pack.verify.campaign")}</dt>
            <dd>{check.campaign}</dd>
            <dt>{t("pack.verify.exportedAt")}</dt>
            <dd>{t("pack.verify.exportedOn", { date: new Date(check.exportedAt) })}</dd>
            <dt>{t("pack.verify.signatures")}</dt>
            <dd>{format.number(check.signatures)}</dd>
            <dt>{t("pack.verify.supportLetters")}</dt>
            <dd>{format.number(check.supportLetters)}</dd>
            <dt>{t("pack.verify.filesChecked")}</dt>
            <dd>{check.filesChecked}</dd>
            <dt>{t("pack.verify.keyUsed")}</dt>
            <dd>{check.fingerprint}</dd>
          </dl>
        </div>
      ) : null}
      {check && !check.ok ? (
        <div className="error-summary">
          <h2 ref={resultHeading} tabIndex={-1}>
            {t("pack.verify.broken")}
          </h2>
          <p>{t(`pack.verify.problems.${check.problem}`, { file: check.file })}</p>
        </div>
      ) : null}
      {error ? <ErrorSummary errors={[{ fieldId: "pack", message: t(error) }]} /> : null}
      <p>{t("pack.verify.intro")}</p>
      <p>{t("pack.verify.key")}</p>
      <p>
        <code>{fingerprint}</code>
      </p>
      <p>
        <a href="/.well-known/pack-signing-key.pem">{t("pack.verify.keyLink")}</a>
      </p>
      <Form method="post" encType="multipart/form-data">
        <div className={`field${error ? " field--error" : ""}`}>
          <label htmlFor="pack">{t("pack.verify.file")}</label>
          <p className="hint" id="pack-hint">
            {t("pack.verify.fileHint")}
          </p>
          {error ? (
            <p className="error-message" id="pack-error">
              <span className="visually-hidden">{t("errors.prefix")} </span>
              {t(error)}
            </p>
          ) : null}
          <input
            type="file"
            id="pack"
            name="pack"
            accept=".zip,application/zip"
            aria-describedby={error ? "pack-hint pack-error" : "pack-hint"}
            aria-invalid={error ? true : undefined}
          />
        </div>
        <button type="submit" className="button">
          {t("pack.verify.submit")}
        </button>
      </Form>
    </>
  );
}
