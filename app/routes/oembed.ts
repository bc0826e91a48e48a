import type { LoaderFunctionArgs } from "@remix-run/node";
import { getT } from "~/i18n";
import { languageOfPath } from "~/i18n/paths";
import { getOEmbed } from "~/services/sharing.server";
import { DomainError } from "~/utils/domain-error";
import { CORS_HEADERS, publicNotFound, publicResource } from "~/utils/public-resource.server";

// /oembed?url=<a campaign page's address>&format=json[&maxwidth=…&maxheight=…]: oEmbed 1.0
// (https://oembed.com), so that sites which read it (WordPress, Ghost, Discourse…) show a
// campaign's embed from its address alone. One endpoint for both languages: the address asked
// about says which (/cy/c/{slug} is the Welsh embed).

export async function loader({ request }: LoaderFunctionArgs) {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const language = languageOfPath(safePath(query.url));
  try {
    const answer = await getOEmbed(query);
    if ("notImplemented" in answer) return plain(501, "Only format=json is available.");
    return publicResource(request, JSON.stringify(answer.oembed), { contentType: "application/json; charset=utf-8" });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 404) return publicNotFound();
    return plain(error.status, getT(language)(error.key, error.values));
  }
}

function plain(status: number, message: string) {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { ...CORS_HEADERS, "Content-Type": "application/json; charset=utf-8" },
  });
}

function safePath(url: string | undefined) {
  try {
    return new URL(url ?? "").pathname;
  } catch {
    return "/";
  }
}
