import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
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
import { I18nextProvider } from "react-i18next";
import { ErrorPage, errorPageTitle } from "~/components/error-page";
import { Link, NavLink } from "~/components/link";
import { getI18n, languageNames, type UiLanguage } from "~/i18n";
import { languageOfPath, pathInLanguage, variantOfPath } from "~/i18n/paths";
import styles from "~/styles/app.css?url";
import { useNonce } from "~/utils/nonce-provider";
import { getUser } from "~/utils/session.server";
import { env } from "~/utils/env.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error, location }) => {
  const t = getI18n(languageOfPath(location.pathname), variantOfPath(location.pathname)).t;
  if (!error) return [{ title: t("site.name") }];
  return [{ title: `${errorPageTitle(error, t)} – ${t("site.name")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  // Whether there is a session, for the header's way in ("Sign in", or "Workspace"): one read by key.
  const signedIn = (await getUser(request)) !== undefined;
  // The site's own address, for meta tags that must be absolute (og:image, og:url): the same for every visitor.
  return { signedIn, publicUrl: env.PUBLIC_URL };
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const location = useLocation();
  // The page's language is in its address, so even an error page (no loader data) knows it.
  const language = languageOfPath(location.pathname);
  const other: UiLanguage = language === "cy" ? "en" : "cy";
  const otherPage = pathInLanguage(location.pathname, other) + location.search;
  // Under /c/{slug}/easy-read every string, the header's and any error page's too, is in Easy Read.
  const variant = variantOfPath(location.pathname);
  const i18n = getI18n(language, variant);
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
        <link rel="alternate" hrefLang={other} href={otherPage} />
      </head>
      <body className={variant === "easy_read" ? "easy-read" : undefined}>
        <a className="skip-link" href="#main">
          {t("site.skipToContent")}
        </a>
        <header className="site-header">
          <div className="width">
            <Link to="/" className="site-name">
              {t("site.name")}
            </Link>
            <span className="site-tagline">{t("site.tagline")}</span>
            {/* Without the root's data (its loader failed) whether someone is signed in is unknown. */}
            {/* A plain link, not the router's: the whole page changes language, and the server
                remembers the choice as the new page loads. */}
            <a href={otherPage} lang={other} hrefLang={other} className="site-language">
              {languageNames[other]}
            </a>
            {root ? (
              <NavLink to={root.signedIn ? "/workspace" : "/sign-in"} end className="site-way-in">
                {t(root.signedIn ? "site.workspace" : "site.signIn")}
              </NavLink>
            ) : null}
          </div>
        </header>
        <I18nextProvider i18n={i18n}>
          <main id="main" className="width" tabIndex={-1} ref={main}>
            {children}
          </main>
        </I18nextProvider>
        <footer className="site-footer">
          <div className="width">
            <nav aria-label={t("site.footerNav")}>
              <ul>
                <li>
                  <NavLink to="/privacy" end>
                    {t("site.privacy")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/accessibility" end>
                    {t("site.accessibility")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/api" end>
                    {t("site.openData")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/contact" end>
                    {t("site.contact")}
                  </NavLink>
                </li>
              </ul>
            </nav>
          </div>
        </footer>
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
  return <ErrorPage error={error} place="site" />;
}
