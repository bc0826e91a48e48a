import { redirect } from "@remix-run/node";
import { languageOf, localePath } from "~/i18n/paths";

/** A redirect to a site path in the language of the page the request came from ("/cy/…" from Welsh). */
export function redirectInLanguage(request: Request, path: string, init?: number | ResponseInit) {
  return redirect(localePath(languageOf(request), path), init);
}
