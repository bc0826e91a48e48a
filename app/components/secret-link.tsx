import { Link } from "~/components/link";

// Pages opened from a link with a secret token in it: confirming, revising, signing in, accepting
// an invitation, unsubscribing.

// Such a page is never cached and never leaks its token through a Referer header: see
// utils/private-pages.ts, applied to every response by server.js.

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
