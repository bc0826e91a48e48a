import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Form, Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { TableRegion } from "~/components/table-region";
import { getAuditLog } from "~/services/audit.server";
import { requireSiteAccess } from "~/services/access.server";
import { requireUser } from "~/utils/session.server";
import { When } from "~/components/when";
import { titled } from "~/utils/meta";

const optional = (schema: z.ZodString) => schema.optional().catch(undefined).transform((v) => v || undefined);
const FilterSchema = z.object({
  campaign: optional(z.string().trim().max(80)),
  person: optional(z.string().trim().toLowerCase().max(254)),
  action: optional(z.string().max(60)),
  from: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  to: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requireSiteAccess({ actor: user, need: "readAudit" });
  const { page, ...filter } = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { filter, page, ...(await getAuditLog({ user, filter, page })) };
}

export const meta = titled("audit.title");

export default function AuditLog() {
  const { filter, page, actions, entries, hasMore } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const field = (name: "campaign" | "person" | "from" | "to", label: string, type = "text") => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <input id={`audit-${name}`} name={name} type={type} defaultValue={filter[name] ?? ""} />
    </div>
  );
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <Form method="get" className="filters">
        {field("campaign", t("audit.campaign"))}
        {field("person", t("audit.person"), "email")}
        <div className="field">
          <label htmlFor="audit-action">{t("audit.action")}</label>
          <select id="audit-action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("audit.anyAction")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        {field("from", t("audit.from"), "date")}
        {field("to", t("audit.to"), "date")}
        <button type="submit" className="button">
          {t("audit.filter")}
        </button>
      </Form>
      {entries.length === 0 ? (
        <p>{t("audit.none")}</p>
      ) : (
        <TableRegion label={t("audit.title")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.person")}</th>
                <th scope="col">{t("audit.campaign")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    <When at={e.at} style="dateTime" />
                  </td>
                  <td className="breakable">{e.by ?? t("campaignAdmin.system")}</td>
                  <td>{e.campaign ? <Link to={`/workspace/c/${e.campaign}`}>{e.campaign}</Link> : null}</td>
                  <td>{e.action}</td>
                  <td className="breakable">
                    <ul className="changes">
                      {e.changes.map((c) => (
                        <li key={c.field}>
                          <strong>{c.field}</strong>: {c.before ? <del>{truncate(c.before)}</del> : null} {c.after ? <ins>{truncate(c.after)}</ins> : null}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {hasMore ? (
        <p>
          <Link to={`?${new URLSearchParams({ ...definedOnly(filter), page: String(page + 1) })}`}>{t("audit.older")}</Link>
        </p>
      ) : null}
    </>
  );
}

const truncate = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);
const definedOnly = (o: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(o).filter((entry): entry is [string, string] => entry[1] !== undefined));
