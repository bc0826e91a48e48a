import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import type { MessageKey } from "~/i18n";
import type { StatusAction } from "~/services/campaign-editing.server";

const warning: StatusAction[] = ["close", "archive", "sendBack"];

/** The changes of state this person may make now; sending back asks for a reason. */
export function StatusActions({ actions, error }: { actions: StatusAction[]; error?: { key: MessageKey; values?: Record<string, unknown> } }) {
  const { t } = useTranslation();
  const buttons = actions.filter((a) => a !== "sendBack");
  return (
    <>
      {error ? (
        <div className="error-summary" role="alert">
          <p className="error-message">{t(error.key, error.values)}</p>
        </div>
      ) : null}
      {buttons.length ? (
        <Form method="post" className="button-row">
          {buttons.map((action) => (
            <button key={action} type="submit" name="action" value={action} className={`button${warning.includes(action) ? " button--warning" : ""}`}>
              {t(`campaignAdmin.actions.${action}`)}
            </button>
          ))}
        </Form>
      ) : null}
      {actions.includes("sendBack") ? (
        <Form method="post" className="field">
          <input type="hidden" name="action" value="sendBack" />
          <label htmlFor="send-back-reason">{t("campaignAdmin.sendBackReason")}</label>
          <textarea id="send-back-reason" name="reason" rows={3} required maxLength={500} />
          <div className="button-row">
            <button type="submit" className="button button--warning">
              {t("campaignAdmin.actions.sendBack")}
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
