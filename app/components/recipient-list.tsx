import { useTranslation } from "react-i18next";

interface Recipient {
  id: number;
  name: string;
  title: string;
  role: "to" | "cc";
}

export function RecipientList({ recipients }: { recipients: Recipient[] }) {
  const { t } = useTranslation();
  const groups = [
    { label: t("campaign.to"), people: recipients.filter((r) => r.role === "to") },
    { label: t("campaign.copies"), people: recipients.filter((r) => r.role === "cc") },
  ].filter((group) => group.people.length);
  return (
    <dl className="recipients">
      {groups.map((group) => (
        <div key={group.label}>
          <dt>{group.label}</dt>
          <dd>
            <ul>
              {group.people.map((r) => (
                <li key={r.id}>
                  {r.name}
                  {r.title && r.title !== r.name ? <span className="muted">, {r.title}</span> : null}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      ))}
    </dl>
  );
}
