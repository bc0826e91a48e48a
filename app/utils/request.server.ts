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
