import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { notFound } from "~/utils/domain-error";

// Every page answers in English at its address and in Welsh under /cy (app/i18n/paths.ts): the
// router reads the prefix as an optional first segment. Any other first segment that reached a
// page as a language is not one. Checked here rather than in the root, so the 404 page keeps the
// root's data (the header's "Sign in" or "Workspace").
export function loader({ params }: LoaderFunctionArgs) {
  if (params.lang !== undefined && params.lang !== "cy") throw notFound();
  return null;
}

export default function LanguageLayout() {
  return <Outlet />;
}
