import { createCookie } from "@remix-run/node";
import { getMyDataOwner, MY_DATA_SESSION_MINUTES } from "~/services/my-data.server";
import { env } from "~/utils/env.server";
import { singleton } from "~/utils/singleton.server";

// The short session a /my-data link starts: the cookie holds a random id only (signed, HttpOnly,
// SameSite=Lax, Secure on https), and the database its SHA-256 and when it ends. It is its own
// cookie, apart from the workspace's: seeing one's data is not signing in.
const cookie = singleton("my-data-cookie", () =>
  createCookie("__my_data", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.PUBLIC_URL.startsWith("https://"),
    path: "/",
    maxAge: MY_DATA_SESSION_MINUTES * 60,
    secrets: env.SESSION_SECRET.split(",").map((s) => s.trim()),
  }),
);

/** The `Set-Cookie` header that starts a session. */
export function startMyDataCookie(sessionId: string) {
  return cookie.serialize(sessionId);
}

/** The `Set-Cookie` header that forgets it. */
export function endMyDataCookie() {
  return cookie.serialize("", { maxAge: 0 });
}

/** The session's id and the address it is for, or undefined when there is none or it has ended. */
export async function readMyDataSession(request: Request) {
  const sessionId: unknown = await cookie.parse(request.headers.get("Cookie"));
  if (typeof sessionId !== "string" || !sessionId) return undefined;
  const owner = await getMyDataOwner({ sessionId });
  return owner ? { sessionId, ...owner } : undefined;
}
