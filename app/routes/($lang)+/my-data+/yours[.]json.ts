import type { LoaderFunctionArgs } from "@remix-run/node";
import { getT } from "~/i18n";
import { languageOf } from "~/i18n/paths";
import { getMyData } from "~/services/my-data.server";
import { now } from "~/utils/db.server";
import { readMyDataSession } from "./__session.server";

/** "Download as JSON": what the data page shows, as a file. Only the session's own address's data. */
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await readMyDataSession(request);
  if (!session) {
    return new Response(JSON.stringify({ error: getT(languageOf(request))("myData.ended.body") }), {
      status: 403,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  const mine = await getMyData({ email: session.email });
  return new Response(JSON.stringify({ downloadedAt: now(), ...mine }, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-data.json"',
      "Cache-Control": "private, no-store",
    },
  });
}
