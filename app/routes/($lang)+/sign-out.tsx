import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { signOut } from "~/utils/session.server";
import { redirectInLanguage } from "~/utils/redirect.server";

export function loader({ request }: LoaderFunctionArgs) {
  return redirectInLanguage(request, "/");
}

export function action({ request }: ActionFunctionArgs) {
  return signOut(request);
}
