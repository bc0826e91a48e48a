import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { redirectInLanguage } from "./redirect.server";
import { deleteSession, getUserBySessionHash, type SessionUser } from "~/models/users.server";
import { now } from "./db.server";
import { env } from "./env.server";
import { singleton } from "./singleton.server";
import { hashToken } from "./tokens.server";

// The cookie holds only a random session id (and, briefly, the address a sign-in code is for);
// the session itself lives in the database, so signing out ends it everywhere at once.
const storage = singleton("session-storage", () =>
  createCookieSessionStorage<{ sessionId: string; signInEmail: string; redirectTo: string }>({
    cookie: {
      name: "__session",
      httpOnly: true,
      sameSite: "lax",
      secure: env.PUBLIC_URL.startsWith("https://"),
      path: "/",
      maxAge: 14 * 86_400,
      secrets: env.SESSION_SECRET.split(",").map((s) => s.trim()),
    },
  }),
);

export function getSession(request: Request) {
  return storage.getSession(request.headers.get("Cookie"));
}

export const commitSession = storage.commitSession;

export async function getUser(request: Request) {
  const session = await getSession(request);
  const sessionId = session.get("sessionId");
  return sessionId ? getUserBySessionHash({ idHash: hashToken(sessionId), now: now() }) : undefined;
}

/**
 * The signed-in user, or a redirect to sign-in that comes back here afterwards. What they may do
 * is the access policy's question (services/access.server.ts), not this one's.
 */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirectInLanguage(request, `/sign-in?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  return user;
}

export async function startUserSession(request: Request, { sessionId, redirectTo }: { sessionId: string; redirectTo: string }) {
  const session = await getSession(request);
  session.unset("signInEmail");
  session.set("sessionId", sessionId);
  return redirect(redirectTo, { headers: { "Set-Cookie": await storage.commitSession(session) } });
}

export async function signOut(request: Request) {
  const session = await getSession(request);
  const sessionId = session.get("sessionId");
  if (sessionId) await deleteSession({ idHash: hashToken(sessionId) });
  return redirectInLanguage(request, "/", { headers: { "Set-Cookie": await storage.destroySession(session) } });
}
