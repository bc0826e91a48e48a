import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { SignerType } from "~/schemas/signature";
import { TableRegion } from "./table-region";
import { useFormat } from "~/i18n/format";
import { languageNames, type TextVariant as LetterVariant, type UiLanguage } from "~/i18n";

/** A signature as the workspace's tables show it (the email for staff only). */
export interface SignatureRow {
  id: number;
  name: string;
  signerType: SignerType;
  organisation: string | null;
  role: string | null;
  location: string;
  verifiedAt: string | null;
  /** Null for a signer in the room who gave no address. */
  email?: string | null;
  invalidatedAt?: string | null;
  invalidatedReason?: string | null;
}

/** Signatures per day as bars, drawn on the server: it needs no JavaScript, and a table says the same. */
export function SignaturesChart({ perDay }: { perDay: { day: string; count: number }[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...perDay.map((d) => d.count));
  const width = 600;
  const height = 160;
  const gap = 2;
  const bar = width / perDay.length;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-labelledby="chart-title chart-desc" width="100%">
        <title id="chart-title">{t("dashboard.perDay")}</title>
        <desc id="chart-desc">{t("dashboard.chartDesc", { max })}</desc>
        <line x1="0" y1={height} x2={width} y2={height} stroke="#0b0c0c" />
        {perDay.map((d, i) => {
          const h = (d.count / max) * (height - 10);
          return <rect key={d.day} x={i * bar + gap / 2} y={height - h} width={bar - gap} height={h} fill="#1d70b8" />;
        })}
        <text x="0" y={height + 16} fontSize="12" fill="#0b0c0c">
          {perDay[0]?.day}
        </text>
        <text x={width} y={height + 16} fontSize="12" textAnchor="end" fill="#0b0c0c">
          {perDay.at(-1)?.day}
        </text>
      </svg>
      <figcaption>{t("dashboard.perDay")}</figcaption>
      <details>
        <summary>{t("dashboard.dayTable")}</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.day")}</th>
              <th scope="col" className="numeric">
                {t("dashboard.count")}
              </th>
            </tr>
          </thead>
          <tbody>
            {perDay.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td className="numeric">{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Confirmed, not confirmed, or invalidated by staff (with why). */
export function signatureState(t: TFunction, r: Pick<SignatureRow, "verifiedAt" | "invalidatedAt" | "invalidatedReason">) {
  if (r.invalidatedAt) return t("moderation.invalidatedBecause", { reason: r.invalidatedReason ?? "" });
  return r.verifiedAt ? t("dashboard.confirmed") : t("dashboard.unconfirmed");
}

/**
 * Signatures as a table, in a region named `label` that scrolls if the table is wider than the
 * column; the email column appears only when rows carry one (staff).
 */
export function SignatureTable({ rows, label }: { rows: SignatureRow[]; label?: string }) {
  const { t } = useTranslation();
  const showEmail = rows.some((r) => r.email !== undefined);
  if (rows.length === 0) return <p>{t("dashboard.noResults")}</p>;
  return (
    <TableRegion label={label ?? t("dashboard.found")}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("dashboard.name")}</th>
            <th scope="col">{t("dashboard.organisation")}</th>
            <th scope="col">{t("dashboard.location")}</th>
            {showEmail ? <th scope="col">{t("dashboard.email")}</th> : null}
            <th scope="col">{t("dashboard.state")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <SignerName name={r.name} signerType={r.signerType} />
              </td>
              <td className="breakable">{[r.role, r.organisation].filter(Boolean).join(", ")}</td>
              <td>{r.location}</td>
              {showEmail ? <td className="breakable">{r.email}</td> : null}
              <td>{signatureState(t, r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

interface Dashboard {
  counts: { verified: number; pending: number; invalidated?: number; flagged?: number };
  perDay: { day: string; count: number }[];
  byType: { signerType: SignerType; count: number }[];
  /** Verified signatures by the language they were made in, the campaign's languages first. */
  byLanguage: { language: UiLanguage; count: number }[];
  /** A version's text per language and variant (standard or Easy Read): each has its own SHA-256. */
  byVersion: { version: number; sha256: string; language: UiLanguage; variant: LetterVariant; count: number }[];
  /** Verified signatures of the standard letter and of the Easy Read one. */
  byVariant: { variant: LetterVariant; count: number }[];
  /** Whether the letter has an Easy Read version. */
  easyRead: boolean;
  /** Verified signatures someone helped to make. */
  assisted: number;
  /** Verified signatures online, on paper and at events. */
  bySource: { source: "online" | "paper" | "event"; count: number }[];
  /** The campaign's events, each with the verified signatures made at it. */
  byEvent: { id: number; name: string; count: number }[];
  /**
   * Every paper sheet printed: its signatures typed in (verified, and invalidated by staff), its rows
   * still to settle and of people who had signed already, and whether its scan is in.
   */
  bySheet: { id: number; label: string; verified: number; invalidated: number; disputed: number; duplicates: number; scanned: boolean }[];
  latest: SignatureRow[];
}

/**
 * A campaign's figures for its team: counts (signatures made with help among them), the chart, by
 * type, by source (online, paper, each event), language, letter (standard or Easy Read, when there
 * is an Easy Read letter) and version, by paper sheet (once any is printed), the latest signatures.
 */
export function CampaignDashboard({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const format = useFormat();
  const showVariants = dashboard.easyRead || dashboard.byVariant.some((v) => v.variant === "easy_read" && v.count > 0);
  return (
    <>
      <h2>{t("dashboard.title")}</h2>
      <dl className="stats">
        <div>
          <dt>{t("dashboard.verified")}</dt>
          <dd>{format.number(dashboard.counts.verified)}</dd>
        </div>
        <div>
          <dt>{t("dashboard.pending")}</dt>
          <dd>{format.number(dashboard.counts.pending)}</dd>
        </div>
        {dashboard.counts.flagged ? (
          <div>
            <dt>{t("moderation.flagged.waitingLabel")}</dt>
            <dd>{format.number(dashboard.counts.flagged)}</dd>
          </div>
        ) : null}
        {dashboard.counts.invalidated ? (
          <div>
            <dt>{t("moderation.invalidatedCount")}</dt>
            <dd>{format.number(dashboard.counts.invalidated)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("dashboard.assisted")}</dt>
          <dd>{format.number(dashboard.assisted)}</dd>
        </div>
      </dl>
      <SignaturesChart perDay={dashboard.perDay} />
      <h3>{t("dashboard.byType")}</h3>
      <ul>
        {dashboard.byType.map((row) => (
          <li key={row.signerType}>
            {t(`campaign.signerTypes.${row.signerType}`)}: {format.number(row.count)}
          </li>
        ))}
      </ul>
      <h3>{t("dashboard.bySource")}</h3>
      <ul>
        {dashboard.bySource.map((row) => (
          <li key={row.source}>
            {t(`dashboard.sources.${row.source}`)}: {format.number(row.count)}
            {row.source === "event" && dashboard.byEvent.length ? (
              <ul>
                {dashboard.byEvent.map((event) => (
                  <li key={event.id}>
                    {event.name}: {format.number(event.count)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      <h3>{t("dashboard.byLanguage")}</h3>
      <ul>
        {dashboard.byLanguage.map((row) => (
          <li key={row.language}>
            <span lang={row.language}>{languageNames[row.language]}</span>: {format.number(row.count)}
          </li>
        ))}
      </ul>
      {showVariants ? (
        <>
          <h3>{t("dashboard.byVariant")}</h3>
          <ul>
            {dashboard.byVariant.map((row) => (
              <li key={row.variant}>
                {t(`dashboard.variants.${row.variant}`)}: {format.number(row.count)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t("dashboard.byVersion")}</h3>
      <ul>
        {dashboard.byVersion.map((row) => (
          <li key={`${row.version} ${row.language} ${row.variant} ${row.sha256}`}>
            {t("dashboard.version", { number: row.version })}
            {/* A version has a text per language: each is named when the campaign has more than one. */}
            {dashboard.byLanguage.length > 1 ? (
              <>
                , <span lang={row.language}>{languageNames[row.language]}</span>
              </>
            ) : null}
            {row.variant === "easy_read" ? <>, {t("dashboard.easyRead")}</> : null}
            : {format.number(row.count)}{" "}
            <span className="muted">
              ({t("dashboard.fingerprint")} <code>{row.sha256.slice(0, 12)}…</code>)
            </span>
          </li>
        ))}
      </ul>
      {dashboard.bySheet.length ? <SheetTable sheets={dashboard.bySheet} /> : null}
      <h3>{t("dashboard.latest")}</h3>
      <SignatureTable rows={dashboard.latest} label={t("dashboard.latest")} />
    </>
  );
}

/**
 * Signatures typed in from each paper sheet, by number, with its rows to settle and of people who
 * had signed already; an invalidated column only once staff invalidated any.
 */
function SheetTable({ sheets }: { sheets: Dashboard["bySheet"] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const showInvalidated = sheets.some((s) => s.invalidated > 0);
  return (
    <>
      <h3>{t("dashboard.bySheet")}</h3>
      <TableRegion label={t("dashboard.bySheet")}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.sheet")}</th>
              <th scope="col" className="numeric">
                {t("dashboard.count")}
              </th>
              <th scope="col" className="numeric">
                {t("dashboard.disputed")}
              </th>
              <th scope="col" className="numeric">
                {t("dashboard.duplicates")}
              </th>
              {showInvalidated ? (
                <th scope="col" className="numeric">
                  {t("moderation.invalidatedCount")}
                </th>
              ) : null}
              <th scope="col">{t("dashboard.scan")}</th>
            </tr>
          </thead>
          <tbody>
            {sheets.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.label}</th>
                <td className="numeric">{format.number(s.verified)}</td>
                <td className="numeric">{format.number(s.disputed)}</td>
                <td className="numeric">{format.number(s.duplicates)}</td>
                {showInvalidated ? <td className="numeric">{format.number(s.invalidated)}</td> : null}
                <td>{s.scanned ? t("dashboard.scanIn") : t("dashboard.scanNotIn")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}

/** A signer's name, with the kind of signer when it is not an individual. */
export function SignerName({ name, signerType }: { name: string; signerType: SignerType }) {
  const { t } = useTranslation();
  return (
    <>
      {name}
      {signerType !== "individual" ? <span className="muted"> ({t(`campaign.signerTypes.${signerType}`)})</span> : null}
    </>
  );
}
