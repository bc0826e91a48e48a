import type { MetaFunction } from "@remix-run/node";
import { getT } from "~/i18n";

// Every address no other route matches: a real 404, rendered by the root error boundary.
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export const meta: MetaFunction = () => {
  const t = getT();
  return [{ title: `${t("notFound.title")} – ${t("site.name")}` }];
};

export default function NotFound() {
  return null;
}
