import { Link } from "@remix-run/react";

// Pages opened from a link with a secret token in it: confirming, revising, signing in, accepting
// an invitation, unsubscribing.

/** Such a page must not be cached or leak its token through a Referer header. */
export const secretLinkHeaders = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

/** What a link that does not work (unknown, used or out of date) shows: what happened, and where to go if anywhere. */
export function LinkNotWorking({ title, body, back }: { title: string; body: string; back?: { to: string; label: string } }) {
  return (
    <>
      <h1>{title}</h1>
      <p>{body}</p>
      {back ? (
        <p>
          <Link to={back.to}>{back.label}</Link>
        </p>
      ) : null}
    </>
  );
}
