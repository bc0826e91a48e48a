import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { openPicture } from "~/services/pictures.server";

// An Easy Read letter's pictures: `/pictures/openmoji-1F91D.svg` from the OpenMoji library,
// `/pictures/{sha256}` a campaign's upload (a PNG or JPEG, checked and cleaned when it came in).
// Public, as the letters showing them are: an upload's address is its unguessable SHA-256. The
// name is checked before anything is looked up, and answered as an image only: never sniffed,
// never run (an SVG's scripts included), never framed.

const PictureParamsSchema = z.object({
  lang: z.literal("cy").optional(),
  name: z
    .string()
    .regex(/^(?:openmoji-[0-9A-F]{2,6}(?:-[0-9A-F]{2,6})*\.svg|[0-9a-f]{64})$/)
    .transform((name) => (name.startsWith("openmoji-") ? `openmoji:${name.slice("openmoji-".length, -".svg".length)}` : `upload:${name}`)),
});

const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = PictureParamsSchema.safeParse(params);
  const picture = parsed.success ? await openPicture(parsed.data.name) : undefined;
  if (!picture) return notFound();
  return new Response(new Uint8Array(picture.data), {
    headers: {
      "Content-Type": picture.contentType,
      "Content-Length": String(picture.data.length),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      // The name is the content (a hash, or a code in a library that only grows).
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}
