/**
 * The Kolada evidence panel beside a criterion, the forms behind its buttons, and the table of an
 * attached snapshot (decision 015). Tables with captions, not charts; every string from the
 * dictionaries. The buttons point at forms rendered outside any other form (IndicatorForms), so
 * the panel also works inside the scoring page's per-dimension form, without JavaScript.
 */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { useLocale, useT, type Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { formatDateTime } from "~/utils/format";
import type { IndicatorPanels } from "./kolada-pages.server";
import type { IndicatorSnapshot, PanelYear } from "./kolada-panel";
import type { KpiSearchReply } from "./kolada-search.server";

type PanelData = IndicatorPanels;
type HeadingLevel = 4 | 5 | 6;

function Heading({ level, id, children }: { level: HeadingLevel; id?: string; children: ReactNode }) {
  const Tag = `h${level}` as "h4" | "h5" | "h6";
  return (
    <Tag id={id} className="indicator-panel__heading">
      {children}
    </Tag>
  );
}

export function reasonText(t: Translate, code: string | null | undefined): string {
  const key = `kolada.reason.${code ?? "unknown"}`;
  return t((["unreachable", "timeout", "http", "rate_limited", "malformed"].includes(code ?? "") ? key : "kolada.reason.unknown") as MessageKey);
}

function useNumber() {
  const locale = useLocale();
  const format = new Intl.NumberFormat(locale === "sv" ? "sv-SE" : "en-GB", { maximumFractionDigits: 1 });
  return (value: number | null) => (value === null ? null : format.format(value));
}

export function IndicatorValuesTable({ caption, countyName, years }: { caption: string; countyName: string; years: PanelYear[] }) {
  const t = useT();
  const number = useNumber();
  const missing = <span className="muted">{t("kolada.panel.missing")}</span>;
  return (
    <TableScroll>
      <table className="indicator-table">
        <TableCaption>{caption}</TableCaption>
        <thead>
          <tr>
            <th scope="col">{t("kolada.panel.year")}</th>
            <th scope="col">{countyName}</th>
            <th scope="col">{t("kolada.panel.national")}</th>
            <th scope="col">{t("kolada.panel.rank")}</th>
          </tr>
        </thead>
        <tbody>
          {years.map((row) => (
            <tr key={row.year}>
              <th scope="row">{row.year}</th>
              <td className="numeric">{number(row.county) ?? missing}</td>
              <td className="numeric">{number(row.national) ?? missing}</td>
              <td className="numeric">{row.rank === null ? missing : t("kolada.panel.rankValue", { rank: row.rank, of: row.rankedOf })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

const formId = (kind: "refresh" | "attach", criterionId: number, kpiId?: string) => `indicator-${kind}-${criterionId}${kpiId ? `-${kpiId}` : ""}`;

/** The panel of one criterion's related indicators, or nothing when the criterion has none. */
export function CriterionIndicatorPanel({ data, criterionId, readingNumber, level }: { data: PanelData | null; criterionId: number; readingNumber: string; level: HeadingLevel }) {
  const t = useT();
  const locale = useLocale();
  const entry = data?.byCriterion[criterionId];
  if (!data || !entry) return null;
  const countyName = locale === "sv" ? data.county.nameSv : data.county.nameEn;
  const notice = data.notice?.criterionId === criterionId ? data.notice : null;
  const headingId = `indicators-${entry.criterionKey}-heading`;
  return (
    <div className="indicator-panel" id={`indicators-${entry.criterionKey}`}>
      <Heading level={level} id={headingId}>
        {t("kolada.panel.heading")}
      </Heading>
      <p className="field__hint">{t("kolada.panel.intro")}</p>
      {notice ? (
        notice.code === "failed" ? (
          <p className="alert alert--error" role="alert">
            {t("kolada.notice.failed", { reason: notice.errors.map((code) => reasonText(t, code)).join(", ") || reasonText(t, null) })}
          </p>
        ) : (
          <p className="alert alert--success" role="status">
            {t(notice.code === "attached" ? "kolada.notice.attached" : "kolada.notice.refreshed")}
          </p>
        )
      ) : null}
      {entry.panels.map((panel) => {
        const title = panel.title ?? t("kolada.panel.noTitle", { kpi: panel.kpiId });
        return (
          <div key={panel.kpiId} className="indicator-panel__kpi">
            {panel.status === "stale" ? (
              <p className="alert alert--warning">{t("kolada.panel.stale", { reason: reasonText(t, panel.lastError), time: formatDateTime(panel.fetchedAt) })}</p>
            ) : null}
            {panel.years.length ? (
              <IndicatorValuesTable caption={t("kolada.panel.caption", { title, kpi: panel.kpiId, county: countyName })} countyName={countyName} years={panel.years} />
            ) : (
              <p className={panel.status === "unavailable" ? "alert alert--warning" : "muted"}>
                <strong>{title}</strong> ({panel.kpiId}):{" "}
                {panel.status === "unavailable" ? t("kolada.panel.unavailable", { reason: reasonText(t, panel.lastError) }) : t("kolada.panel.empty")}
              </p>
            )}
            <p className="indicator-panel__source">
              {panel.synthetic ? (
                <>
                  <strong className="badge badge--warning">{t("kolada.panel.synthetic")}</strong>{" "}
                </>
              ) : null}
              {/* Synthetic demo values never claim Kolada as their source. */}
              {panel.fetchedAt && !panel.synthetic ? t("kolada.panel.source", { kpi: panel.kpiId, time: formatDateTime(panel.fetchedAt) }) : null}{" "}
              <a href={panel.kpiUrl} rel="noopener noreferrer" target="_blank">
                {t("kolada.panel.openAtKolada", { kpi: panel.kpiId })}
                <span className="visually-hidden"> {t("kolada.panel.opensInNewWindow")}</span>
              </a>
            </p>
            {data.canAttach && panel.years.length ? (
              <p className="actions">
                <button type="submit" form={formId("attach", criterionId, panel.kpiId)} className="button button--secondary" aria-describedby={`${formId("attach", criterionId, panel.kpiId)}-hint`}>
                  {t("kolada.panel.attach")}
                  <span className="visually-hidden"> {t("kolada.panel.attachFor", { kpi: panel.kpiId, number: readingNumber })}</span>
                </button>{" "}
                <span id={`${formId("attach", criterionId, panel.kpiId)}-hint`} className="field__hint">
                  {t("kolada.panel.attachHint")}
                </span>
              </p>
            ) : null}
          </div>
        );
      })}
      {data.canRefresh ? (
        <p className="actions">
          <button type="submit" form={formId("refresh", criterionId)} className="button button--secondary">
            {t("kolada.panel.refresh")}
            <span className="visually-hidden"> {t("kolada.panel.refreshFor", { number: readingNumber })}</span>
          </button>
        </p>
      ) : null}
      <p className="field__hint">{t("kolada.panel.rankHint")}</p>
    </div>
  );
}

/** The forms the panels' buttons submit; render once per page, outside every other form. */
export function IndicatorForms({ data }: { data: PanelData | null }) {
  if (!data) return null;
  const action = `/reviews/${data.reviewId}/indicators`;
  return (
    <div hidden>
      {Object.values(data.byCriterion).map((entry) => (
        <div key={entry.criterionId}>
          {data.canRefresh ? (
            <form method="post" action={action} id={formId("refresh", entry.criterionId)}>
              <input type="hidden" name="intent" value="refresh" />
              <input type="hidden" name="criterionId" value={entry.criterionId} />
              <input type="hidden" name="returnTo" value={data.page} />
            </form>
          ) : null}
          {data.canAttach
            ? entry.panels.map((panel) => (
                <form key={panel.kpiId} method="post" action={action} id={formId("attach", entry.criterionId, panel.kpiId)}>
                  <input type="hidden" name="intent" value="attach" />
                  <input type="hidden" name="criterionId" value={entry.criterionId} />
                  <input type="hidden" name="kpiId" value={panel.kpiId} />
                  <input type="hidden" name="returnTo" value={data.page} />
                </form>
              ))
            : null}
        </div>
      ))}
    </div>
  );
}

/** An attached snapshot as evidence or in the report: its frozen table and where it came from. */
export function IndicatorSnapshotView({ snapshot }: { snapshot: IndicatorSnapshot | null }) {
  const t = useT();
  const locale = useLocale();
  if (!snapshot) return <p className="muted">{t("kolada.evidence.unreadable")}</p>;
  const county = locale === "sv" ? snapshot.county.nameSv : snapshot.county.nameEn;
  const title = snapshot.title ?? t("kolada.panel.noTitle", { kpi: snapshot.kpiId });
  return (
    <div className="indicator-snapshot">
      <IndicatorValuesTable caption={t("kolada.evidence.caption", { title, kpi: snapshot.kpiId, county })} countyName={county} years={snapshot.years} />
      <p className="field__hint">
        {snapshot.synthetic ? <strong>{t("kolada.panel.synthetic")} </strong> : null}
        {t("kolada.evidence.frozen", { time: formatDateTime(snapshot.attachedAt), fetched: formatDateTime(snapshot.fetchedAt) })}
      </p>
    </div>
  );
}

/** The manual editor's search of Kolada's KPI catalogue (its own form, below the criterion form). */
export function KpiCatalogueSearch({ reply }: { reply: KpiSearchReply | undefined }) {
  const t = useT();
  const queryError = reply?.error === "query";
  return (
    <section aria-labelledby="kpi-search-heading" className="kpi-search">
      <h2 id="kpi-search-heading">{t("kolada.search.heading")}</h2>
      <p className="field__hint">{t("kolada.search.intro")}</p>
      <Form method="post" className="form" preventScrollReset>
        <input type="hidden" name="intent" value="searchKpis" />
        <div className="field">
          <label htmlFor="kpi-query">{t("kolada.search.label")}</label>
          <input
            id="kpi-query"
            name="kpiQuery"
            type="search"
            defaultValue={reply?.query ?? ""}
            maxLength={80}
            aria-invalid={queryError || undefined}
            aria-describedby={queryError ? "kpi-query-error" : undefined}
          />
          {queryError ? (
            <p id="kpi-query-error" className="field__error">
              {t("kolada.search.queryError")}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--secondary">
          {t("kolada.search.submit")}
        </button>
      </Form>
      {reply && !reply.error ? (
        reply.results?.length ? (
          <div role="status">
            <TableScroll>
              <table className="indicator-table">
                <TableCaption>{t("kolada.search.caption", { query: reply.query })}</TableCaption>
                <thead>
                  <tr>
                    <th scope="col">{t("kolada.search.id")}</th>
                    <th scope="col">{t("kolada.search.title")}</th>
                  </tr>
                </thead>
                <tbody>
                  {reply.results.map((kpi) => (
                    <tr key={kpi.id}>
                      <th scope="row">
                        <code>{kpi.id}</code>
                      </th>
                      <td>{kpi.title}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {reply.truncated ? <p className="field__hint">{t("kolada.search.truncated")}</p> : null}
          </div>
        ) : (
          <p role="status">{t("kolada.search.none", { query: reply.query })}</p>
        )
      ) : null}
      {reply?.error && reply.error !== "query" ? (
        <p className="alert alert--warning" role="alert">
          {t("kolada.search.failed", { reason: reasonText(t, reply.error) })}
        </p>
      ) : null}
    </section>
  );
}
