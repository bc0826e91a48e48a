import { Link } from "~/components/link";
import type { ReactNode } from "react";

/**
 * What a supporter sees once a step is done (check your email, confirmed, revised): the outcome in
 * a panel, what it means, anything more, and the way back to the campaign.
 */
export function ConfirmationPage({ title, lead, back, children }: { title: string; lead: string; back: { to: string; label: string }; children?: ReactNode }) {
  return (
    <>
      <div className="panel">
        <h1>{title}</h1>
      </div>
      <p className="lead">{lead}</p>
      {children}
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </>
  );
}
