import { Form as RemixForm, Link as RemixLink, NavLink as RemixNavLink, useLocation } from "@remix-run/react";
import { type ComponentProps, forwardRef } from "react";
import { languageOfPath, localePath } from "~/i18n/paths";

// The site's links and forms keep the reader in their language: an absolute site path ("/c/x")
// is written in the page's language ("/cy/c/x" on a Welsh page). Relative paths ("?page=2") already
// stay in it. The only way to link to the other language is the header's language link, which
// builds its own address. ESLint keeps Remix's Link, NavLink and Form out of every other file.

function useLocalise() {
  const language = languageOfPath(useLocation().pathname);
  return <T,>(to: T): T => (typeof to === "string" ? (localePath(language, to) as T) : to);
}

export const Link = forwardRef<HTMLAnchorElement, ComponentProps<typeof RemixLink>>(function Link({ to, ...props }, ref) {
  const localise = useLocalise();
  return <RemixLink ref={ref} to={localise(to)} {...props} />;
});

export const NavLink = forwardRef<HTMLAnchorElement, ComponentProps<typeof RemixNavLink>>(function NavLink({ to, ...props }, ref) {
  const localise = useLocalise();
  return <RemixNavLink ref={ref} to={localise(to)} {...props} />;
});

export const Form = forwardRef<HTMLFormElement, ComponentProps<typeof RemixForm>>(function Form({ action, ...props }, ref) {
  const localise = useLocalise();
  return <RemixForm ref={ref} action={localise(action)} {...props} />;
});

/** An absolute site path in the page's language, for an <a href> or a fetcher. */
export function useLocalePath() {
  const localise = useLocalise();
  return (path: string) => localise(path);
}
