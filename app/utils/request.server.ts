import { env } from "./env.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The TCP peer's address, from the server (server.js). */
    clientAddress?: string;
  }
}

/**
 * The client's address. Behind a proxy (TRUST_PROXY=1) the right-most X-Forwarded-For entry is
 * the one our own proxy added; without it the header is ignored, since anyone can send it.
 */
export function getClientIp(request: Request, socketAddress: string | undefined) {
  if (env.TRUST_PROXY) {
    const forwarded = request.headers.get("x-forwarded-for");
    const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
    if (last) return last;
  }
  return socketAddress ?? "unknown";
}

/**
 * The submitted form, or a 4xx Response to throw: too large (413), or not a form at all (415).
 * A person using the page never meets either; a script sending junk gets a clear answer, not a 500.
 */
export async function readForm(request: Request, maxBytes = 64 * 1024) {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) throw new Response("The form is too large.", { status: 413 });
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw new Response("Send the form as application/x-www-form-urlencoded or multipart/form-data.", { status: 415 });
  }
  try {
    return await request.formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400 });
  }
}
