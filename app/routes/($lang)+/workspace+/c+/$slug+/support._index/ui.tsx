import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { Radios, TextField } from "~/components/form-fields";
import { IntentButton } from "~/components/intent-button";
import { TableRegion } from "~/components/table-region";
import { SupportInviteSchema, SupportModeSchema, supportLetterModes, supportLetterStates } from "~/schemas/support-admin";
import type { SupportInvitationState } from "~/services/support-invitations.server";
import type { SupportLetterMode, SupportLetterStatus } from "~/utils/db.server";
import { When } from "~/components/when";
import { useFormat } from "~/i18n/format";


export function ModeForm({ mode, publicFormUrl, lastResult }: { mode: SupportLetterMode; publicFormUrl: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "support-mode",
    lastResult,
    defaultValue: { mode },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SupportModeSchema }),
    shouldValidate: "onSubmit",
  });
  const modeErrors = useErrorSummary(form, [fields.mode]);
  return (
    <section aria-labelledby="mode-title">
      <h2 id="mode-title">{t("supportAdmin.modeTitle")}</h2>
      <p>{t(`supportAdmin.modeHints.${mode}`, { url: publicFormUrl })}</p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={modeErrors} />
        <input type="hidden" name="intent" value="mode" />
        <Radios meta={fields.mode} legend={t("supportAdmin.modeLegend")} options={supportLetterModes.map((value) => ({ value, label: t(`supportAdmin.modes.${value}`) }))} />
        <button type="submit" className="button button--secondary">
          {t("supportAdmin.modeSave")}
        </button>
      </Form>
    </section>
  );
}

interface LetterRow {
  id: number;
  author: string;
  organisation: string | null;
  country: string;
  state: SupportLetterStatus;
  receivedAt: string;
}

export function LetterList({
  slug,
  state,
  page,
  counts,
  letters,
  more,
}: {
  slug: string;
  state?: SupportLetterStatus;
  page: number;
  counts: Partial<Record<SupportLetterStatus, number>>;
  letters: LetterRow[];
  more: boolean;
}) {
  const { t } = useTranslation();
  const base = `/workspace/c/${slug}/support`;
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  const filters = [
    { to: base, label: t("supportAdmin.all"), count: total, current: state === undefined },
    ...supportLetterStates.map((s) => ({ to: `${base}?state=${s}`, label: t(`supportAdmin.states.${s}`), count: counts[s] ?? 0, current: state === s })),
  ];
  return (
    <section aria-labelledby="letters-title">
      <h2 id="letters-title">{t("supportAdmin.statesTitle")}</h2>
      <nav aria-label={t("supportAdmin.filterNav")}>
        <ul>
          {filters.map((f) => (
            <li key={f.to}>
              <Link to={f.to} aria-current={f.current ? "page" : undefined}>
                {t("supportAdmin.withCount", { label: f.label, count: f.count })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {letters.length === 0 ? (
        <p>{total === 0 ? t("supportAdmin.none") : t("supportAdmin.noneInState")}</p>
      ) : (
        <TableRegion label={t("supportAdmin.lettersTable")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("supportAdmin.author")}</th>
                <th scope="col">{t("supportAdmin.organisation")}</th>
                <th scope="col">{t("supportAdmin.country")}</th>
                <th scope="col">{t("supportAdmin.state")}</th>
                <th scope="col">{t("supportAdmin.received")}</th>
              </tr>
            </thead>
            <tbody>
              {letters.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`${base}/${l.id}`}>{l.author}</Link>
                  </td>
                  <td className="breakable">{l.organisation}</td>
                  <td>{l.country}</td>
                  <td>{t(`supportAdmin.states.${l.state}`)}</td>
                  <td>
                    <When at={l.receivedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {more ? (
        <p>
          <Link to={`${base}?${new URLSearchParams({ ...(state ? { state } : {}), page: String(page + 1) })}`}>{t("supportAdmin.older")}</Link>
        </p>
      ) : null}
    </section>
  );
}

export function InviteForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "support-invite",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SupportInviteSchema }),
    shouldValidate: "onSubmit",
  });
  const inviteErrors = useErrorSummary(form, [fields.name, fields.email, fields.message]);
  return (
    <>
      <h3>{t("supportAdmin.inviteTitle")}</h3>
      <Form method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={inviteErrors} />
        <input type="hidden" name="intent" value="invite" />
        <p className="hint">{t("supportAdmin.inviteHint")}</p>
        <TextField meta={fields.name} label={t("supportAdmin.inviteName")} autoComplete="off" />
        <TextField meta={fields.email} label={t("supportAdmin.inviteEmail")} type="email" autoComplete="off" />
        <TextField meta={fields.message} label={t("supportAdmin.inviteMessage")} hint={t("supportAdmin.inviteMessageHint")} multiline rows={5} />
        <button type="submit" className="button">
          {t("supportAdmin.inviteSubmit")}
        </button>
      </Form>
    </>
  );
}

interface InvitationRow {
  id: number;
  name: string | null;
  email: string;
  invitedBy: string;
  sentAt: string;
  remindersSent: number;
  lastRemindedAt: string | null;
  state: SupportInvitationState;
  letterId: number | null;
}

export function InvitationList({ slug, invitations, canSend }: { slug: string; invitations: InvitationRow[]; canSend: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <h3>{t("supportAdmin.invitationsSent")}</h3>
      {invitations.length === 0 ? (
        <p>{t("supportAdmin.noInvitations")}</p>
      ) : (
        <>
          {canSend && invitations.some((i) => i.state === "waiting") ? (
            <IntentButton intent="remindAll">{t("supportAdmin.remindAll")}</IntentButton>
          ) : null}
          <TableRegion label={t("supportAdmin.invitationsSent")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("supportAdmin.invitee")}</th>
                  <th scope="col">{t("supportAdmin.sent")}</th>
                  <th scope="col">{t("supportAdmin.reminders")}</th>
                  <th scope="col">{t("supportAdmin.state")}</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <td className="breakable">{i.name ? `${i.name}, ${i.email}` : i.email}</td>
                    <td className="breakable">{t("supportAdmin.sentBy", { date: format.date(i.sentAt), email: i.invitedBy })}</td>
                    <td>{i.lastRemindedAt ? t("supportAdmin.remindedOn", { count: i.remindersSent, date: format.date(i.lastRemindedAt) }) : i.remindersSent}</td>
                    <td>
                      {i.state === "answered" && i.letterId ? (
                        <Link to={`/workspace/c/${slug}/support/${i.letterId}`} aria-label={`${t("supportAdmin.invitationStates.answered")}: ${t("supportAdmin.seeLetter")}`}>
                          {t("supportAdmin.invitationStates.answered")}
                        </Link>
                      ) : (
                        t(`supportAdmin.invitationStates.${i.state}`)
                      )}
                      {i.state === "waiting" ? <InvitationButtons invitation={i} canRemind={canSend} /> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </>
  );
}

function InvitationButtons({ invitation, canRemind }: { invitation: InvitationRow; canRemind: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="button-row">
      {canRemind ? (
        <IntentButton intent="remind" fields={{ invitationId: invitation.id }} ariaLabel={t("supportAdmin.remindLabel", { email: invitation.email })}>
          {t("supportAdmin.remind")}
        </IntentButton>
      ) : null}
      <IntentButton intent="cancel" fields={{ invitationId: invitation.id }} ariaLabel={t("supportAdmin.cancelLabel", { email: invitation.email })}>
        {t("supportAdmin.cancel")}
      </IntentButton>
    </div>
  );
}
