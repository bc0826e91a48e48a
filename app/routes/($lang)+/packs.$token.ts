import fs from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LinkTokenSchema } from "~/schemas/link-token";
import { openDeliveredPack } from "~/services/delivery.server";

/** A recipient's own download link for the pack delivered to them; the first download is recorded. */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = LinkTokenSchema.safeParse(params.token);
  const pack = token.success ? await openDeliveredPack({ token: token.data }) : undefined;
  const size = pack && fs.statSync(pack.path, { throwIfNoEntry: false })?.size;
  if (!pack || size === undefined) return new Response("This download link does not work.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(Readable.toWeb(fs.createReadStream(pack.path)) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(size),
      "Content-Disposition": `attachment; filename="${pack.name.replace(/[^\w.-]/g, "_")}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
