import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { type ReactNode, type RefObject, useEffect, useRef } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { defaultLanguage, getI18n, type UiLanguage } from "~/i18n";
import styles from "~/styles/app.css?url";
import { useNonce } from "~/utils/nonce-provider";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error }) => {
  const t = getI18n().t;
  if (!error) return [{ title: t("site.name") }];
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return [{ title: `${t(notFound ? "notFound.title" : "error.title")} – ${t("site.name")}` }];
};

export function loader() {
  return { language: defaultLanguage as UiLanguage };
}

export function Layout({ children }: { children: ReactNode }) {
  const language = useRouteLoaderData<typeof loader>("root")?.language ?? defaultLanguage;
  const i18n = getI18n(language);
  const t = i18n.t;
  const nonce = useNonce();
  const main = useRef<HTMLElement>(null);
  useFocusAfterNavigation(main);
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("site.skipToContent")}
        </a>
        <header className="site-header">
          <div className="width">
            <Link to="/" className="site-name">
              {t("site.name")}
            </Link>
            <span className="site-tagline">{t("site.tagline")}</span>
          </div>
        </header>
        <I18nextProvider i18n={i18n}>
          <main id="main" className="width" tabIndex={-1} ref={main}>
            {children}
          </main>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * A page loaded by the browser starts keyboard focus at the top; one rendered by the router after a
 * link or a form leaves focus on the control used, or on nothing once that control is gone: nothing
 * is announced, and the next Tab starts wherever it was. So focus then goes to <main>, as the skip
 * link puts it, unless the new page has placed it itself (an error summary) or the control is still
 * there. An address with a #fragment is left to the browser, which moves focus to its target.
 */
function useFocusAfterNavigation(main: RefObject<HTMLElement | null>) {
  const location = useLocation();
  const seen = useRef(location.key);
  useEffect(() => {
    if (location.key === seen.current) return;
    seen.current = location.key;
    if (location.hash || (document.activeElement && document.activeElement !== document.body)) return;
    main.current?.focus({ preventScroll: true });
  }, [location, main]);
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <>
        <h1>{t("notFound.title")}</h1>
        <p>{t("notFound.body")}</p>
        <p>
          <Link to="/">{t("notFound.home")}</Link>
        </p>
      </>
    );
  }
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <>
      <h1>{t("error.title")}</h1>
      <p>{t("error.body")}</p>
    </>
  );
}
