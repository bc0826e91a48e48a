import fs from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getPackExportForUser } from "~/services/pack/exports.server";
import { packFilePath } from "~/utils/pack-files.server";
import { requireUser } from "~/utils/session.server";

const ParamsSchema = z.object({ slug: z.string(), id: z.coerce.number().int().positive() });

/** A finished pack's ZIP, for staff, named after the campaign and the day it was exported. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Pack not found", { status: 404 });
  const { campaign, pack } = await getPackExportForUser({ user, ...parsed.data });
  if (pack.status !== "done" || !pack.file) throw new Response("This pack is not ready", { status: 404 });
  const file = packFilePath(pack.file);
  if (!fs.existsSync(file)) throw new Response("This pack's file is gone", { status: 404 });
  const name = `${campaign.slug}-signature-pack-${pack.created_at.slice(0, 10)}.zip`;
  return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(fs.statSync(file).size),
      "Content-Disposition": `attachment; filename="${name}"`,
    },
  });
}
