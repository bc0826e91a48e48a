import { isRouteErrorResponse, useLocation } from "@remix-run/react";
import { Link } from "~/components/link";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { isErrorPageData } from "~/utils/domain-error";

/** Where the error happened: the way back leads to the start of that part of the site. */
export type ErrorPlace = "site" | "workspace";

type ErrorKind = "badRequest" | "forbidden" | "notFound" | "conflict" | "tooLarge" | "tooManyRequests" | "clientError" | "serverError";

const kindByStatus: Partial<Record<number, ErrorKind>> = {
  400: "badRequest",
  403: "forbidden",
  404: "notFound",
  409: "conflict",
  413: "tooLarge",
  429: "tooManyRequests",
};

/**
 * Which page an error gets, by its status. A thrown Error (not a response) is the service's own
 * problem, whatever it says: the person sees the 500 page, never its message.
 */
function errorKind(error: unknown): ErrorKind {
  if (!isRouteErrorResponse(error)) return "serverError";
  return kindByStatus[error.status] ?? (error.status >= 400 && error.status < 500 ? "clientError" : "serverError");
}

/** The page's heading, which is also its <title> (the root meta). */
export function errorPageTitle(error: unknown, t: TFunction) {
  return t(`errorPages.${errorKind(error)}.title`);
}

/** The address of the page the person was on, to try again (without the `?index` a form adds). */
function pageAddress({ pathname, search }: { pathname: string; search: string }) {
  const query = new URLSearchParams(search);
  query.delete("index");
  const rest = query.toString();
  return rest ? `${pathname}?${rest}` : pathname;
}

/**
 * The body of every error boundary: a heading per status, a sentence saying what happened (the
 * domain error's own message when the route gave one, otherwise the status's plain words), and the
 * way back. Thrown responses carry `ErrorPageData` (app/utils/domain-error.ts) or, from older code,
 * a bare string, which is for developers and never shown.
 */
export function ErrorPage({ error, place }: { error: unknown; place: ErrorPlace }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const kind = errorKind(error);
  // Responses are answers the app chose to give; anything else is a bug, for the server's log.
  if (!isRouteErrorResponse(error)) console.error(error);
  const given = isRouteErrorResponse(error) && isErrorPageData(error.data) ? error.data : undefined;
  // A key this language lacks (or a bare string from older code) gets the status's plain words.
  const known = given && i18n.exists(given.key) ? given : undefined;
  const sentence = known ? t(known.key, known.values) : t(`errorPages.${kind}.body`);
  const back = place === "workspace" ? { to: "/workspace", label: t("errorPages.backToWorkspace") } : { to: "/", label: t("errorPages.backHome") };
  return (
    <>
      <h1>{errorPageTitle(error, t)}</h1>
      <p>{sentence}</p>
      {kind === "serverError" ? <p>{t("errorPages.serverError.notSaved")}</p> : null}
      {kind === "conflict" ? (
        <p>
          <Link to={pageAddress(location)}>{t("errorPages.conflict.retry")}</Link>
        </p>
      ) : null}
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </>
  );
}
