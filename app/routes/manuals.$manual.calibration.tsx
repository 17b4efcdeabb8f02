/**
 * /manuals/:manual/calibration — how reviewers read each criterion of a manual version across all
 * published reviews: disagreement before consensus, self-score versus consensus, and the flag
 * "read differently — candidate for rewording" with its rule (decision 009). For manual editors;
 * the coordinator and the advisory group may read it; everyone else gets 403. Statistics per
 * criterion only: no reviewer and no unit is named.
 * Query: ?version=N (a GET form); a bad version answers 400 with the message beside the field.
 */
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SelectField } from "~/components/forms";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { pick, useLocale, useT, type Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { requirePermission, userCan } from "~/modules/auth/guards.server";
import { CALIBRATION_RULE, calibrate, parseCalibrationQuery, summarize, type CriterionCalibration } from "~/modules/calibration/calibration";
import { defaultCalibrationVersion, listCalibrationVersions, loadCalibrationInput } from "~/modules/calibration/calibration.server";
import { BackLinks, ManualErrorBoundary, pageTitle } from "~/modules/manuals/manual-components";
import { parseManualKey } from "~/modules/manuals/manual-pages.server";
import { formatDecimal, formatShare } from "~/modules/national/national-format";
import type { Locale } from "#db/schema";
import styles from "~/styles/library.css";
import { getDb } from "~/utils/db.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, (t) => t("calibration.title", { manual: data ? t(`manuals.kind.${data.manualKey}` as MessageKey) : "" }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:calibration");
  const manualKey = parseManualKey(params);
  const db = getDb();
  const versions = await listCalibrationVersions(db, manualKey);
  const parsed = parseCalibrationQuery(new URL(request.url).searchParams, versions.map((v) => v.version));
  const base = { manualKey, versions, canEdit: userCan(user, "edit:manuals"), rule: CALIBRATION_RULE };
  if (!parsed.ok) {
    return data({ ...base, ok: false as const, error: parsed.messageKey, value: parsed.value, version: null, results: [], summary: null, dimensions: [] }, { status: 400 });
  }
  const version = parsed.version === null ? defaultCalibrationVersion(versions) : versions.find((v) => v.version === parsed.version)!;
  if (!version || version.publishedReviews === 0) {
    return { ...base, ok: true as const, error: null, value: "", version, results: [], summary: null, dimensions: [] };
  }
  const input = await loadCalibrationInput(db, version.id);
  const results = calibrate(input);
  return { ...base, ok: true as const, error: null, value: "", version, results, summary: summarize(results), dimensions: input.dimensions };
}

function signed(locale: Locale, value: number) {
  const text = formatDecimal(locale, Math.abs(value), 2);
  return value > 0.005 ? `+${text}` : value < -0.005 ? `−${text}` : text;
}

function Share({ n, total, t, locale }: { n: number; total: number; t: Translate; locale: Locale }) {
  if (total === 0) return <NoData t={t} />;
  return <>{t("calibration.share", { share: formatShare(locale, n / total), n, total })}</>;
}

function NoData({ t }: { t: Translate }) {
  return (
    <>
      <span aria-hidden="true">{t("calibration.none")}</span>
      <span className="visually-hidden">{t("calibration.noneExplained")}</span>
    </>
  );
}

function Row({ result, dimensionTitle }: { result: CriterionCalibration; dimensionTitle: string }) {
  const t = useT();
  const locale = useLocale();
  const { criterion, alpha, self } = result;
  const rule = CALIBRATION_RULE;
  return (
    <tr className={result.flagged ? "calibration-row--flagged" : undefined}>
      <th scope="row">
        {criterion.number} {pick(locale, { sv: criterion.textSv, en: criterion.textEn })}
        <br />
        <span className="calibration-criterion__meta">
          {dimensionTitle} · <code>{t("calibration.criterionKey", { key: criterion.key })}</code>
        </span>
      </th>
      <td>
        {result.flagged ? (
          <>
            <span className="calibration-flag">{t("calibration.flag.flagged")}</span>
            <ul className="calibration-reasons">
              {result.reasons.map((reason) => (
                <li key={reason}>
                  {reason === "alpha"
                    ? t("calibration.flag.reason.alpha", { alpha: formatDecimal(locale, rule.alphaBelow, 2) })
                    : t("calibration.flag.reason.wide", { steps: rule.wideSteps, share: formatShare(locale, result.wideShare ?? 0) })}
                </li>
              ))}
            </ul>
          </>
        ) : result.tooFewReviews ? (
          <span className="muted">{t("calibration.flag.tooFew")}</span>
        ) : (
          t("calibration.flag.ok")
        )}
      </td>
      <td className="num">{result.comparedReviews}</td>
      <td className="num">{result.meanRange === null ? <NoData t={t} /> : formatDecimal(locale, result.meanRange, 2)}</td>
      <td className="num">
        <Share n={result.wideReviews} total={result.comparedReviews} t={t} locale={locale} />
      </td>
      <td className="num">{alpha.computable ? formatDecimal(locale, alpha.value, 2) : t(`calibration.alpha.${alpha.reason}` as MessageKey)}</td>
      <td className="num">{result.mixedCannotAssess}</td>
      <td className="num">
        <Share n={self.differing} total={self.compared} t={t} locale={locale} />
      </td>
      <td className="num">{self.meanDifference === null ? <NoData t={t} /> : signed(locale, self.meanDifference)}</td>
    </tr>
  );
}

export default function CalibrationPage() {
  const loaded = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { manualKey, versions, version, results, summary, rule } = loaded;
  const manualName = t(`manuals.kind.${manualKey}` as MessageKey);
  const dimensionTitle = new Map(loaded.dimensions.map((d) => [d.key, pick(locale, { sv: d.titleSv, en: d.titleEn })]));
  return (
    <div className="calibration">
      <BackLinks>
        <Link to={`/manuals/${manualKey}`}>{t("calibration.backToManual")}</Link>
      </BackLinks>
      <h1>{t("calibration.title", { manual: manualName })}</h1>
      <p className="lede">{t("calibration.intro")}</p>
      <p>{t("calibration.privacy")}</p>
      {loaded.canEdit ? (
        <p>
          {t("calibration.editorHint")} <Link to={`/manuals/${manualKey}`}>{t("calibration.editorLink")}</Link>
        </p>
      ) : (
        <p className="muted">{t("calibration.readOnly")}</p>
      )}
      {loaded.error ? (
        <div className="alert alert--error" role="alert">
          <p>{t("calibration.form.invalid")}</p>
        </div>
      ) : null}
      {versions.length === 0 ? (
        <div className="alert alert--info" role="status">
          <p>{t("calibration.noVersions")}</p>
        </div>
      ) : (
        <Form method="get" action={`/manuals/${manualKey}/calibration`} className="library-form" aria-label={t("calibration.form.label")} key={version?.version ?? loaded.value}>
          <SelectField
            label={t("calibration.form.version")}
            errors={loaded.error ? [loaded.error] : null}
            selectProps={{ id: "calibration-version", name: "version", defaultValue: String(version?.version ?? versions.at(-1)!.version) }}
          >
            {[...versions].reverse().map((v) => (
              <option key={v.version} value={v.version}>
                {t("calibration.form.versionOption", { version: v.version, reviews: v.publishedReviews })}
              </option>
            ))}
          </SelectField>
          <div className="actions">
            <button type="submit" className="button">
              {t("calibration.form.submit")}
            </button>
          </div>
        </Form>
      )}
      <section aria-labelledby="calibration-rule" className="calibration-rule">
        <h2 id="calibration-rule">{t("calibration.rule.heading")}</h2>
        <p>
          {t("calibration.rule.text", {
            minReviews: rule.minReviews,
            alpha: formatDecimal(locale, rule.alphaBelow, 2),
            steps: rule.wideSteps,
            share: formatShare(locale, rule.wideShareAtLeast),
          })}
        </p>
        <p className="muted">{t("calibration.rule.source")}</p>
      </section>
      {version && summary === null && loaded.ok ? (
        <div className="alert alert--info" role="status">
          <p>{t("calibration.noReviews", { version: version.version })}</p>
        </div>
      ) : null}
      {version && summary ? (
        <>
          <dl className="facts">
            <dt>{t("calibration.facts.version")}</dt>
            <dd>
              <Link to={`/manuals/${manualKey}/${version.version}`}>{pick(locale, { sv: version.titleSv, en: version.titleEn })}, {version.version}</Link>
            </dd>
            <dt>{t("calibration.facts.reviews")}</dt>
            <dd>{summary.reviews}</dd>
            <dt>{t("calibration.facts.criteria")}</dt>
            <dd>{summary.criteria}</dd>
            <dt>{t("calibration.facts.judged")}</dt>
            <dd>{summary.judged}</dd>
            <dt>{t("calibration.facts.flagged")}</dt>
            <dd>{summary.flagged}</dd>
          </dl>
          <section aria-labelledby="calibration-reading">
            <h2 id="calibration-reading">{t("calibration.reading.heading")}</h2>
            <ul>
              <li>{t("calibration.reading.compared")}</li>
              <li>{t("calibration.reading.range")}</li>
              <li>{t("calibration.reading.wide", { steps: rule.wideSteps })}</li>
              <li>{t("calibration.reading.alpha")}</li>
              <li>{t("calibration.reading.mixed")}</li>
              <li>{t("calibration.reading.self")}</li>
            </ul>
          </section>
          <section aria-labelledby="calibration-table">
            <h2 id="calibration-table">{t("calibration.table.heading")}</h2>
            <TableScroll>
              <table className="calibration-table">
                <TableCaption>{t("calibration.table.caption", { version: version.version })}</TableCaption>
                <thead>
                  <tr>
                    <th scope="col">{t("calibration.col.criterion")}</th>
                    <th scope="col">{t("calibration.col.flag")}</th>
                    <th scope="col">{t("calibration.col.compared")}</th>
                    <th scope="col">{t("calibration.col.range")}</th>
                    <th scope="col">{t("calibration.col.wide", { steps: rule.wideSteps })}</th>
                    <th scope="col">{t("calibration.col.alpha")}</th>
                    <th scope="col">{t("calibration.col.mixed")}</th>
                    <th scope="col">{t("calibration.col.selfDiffers")}</th>
                    <th scope="col">{t("calibration.col.selfMean")}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((result) => (
                    <Row key={result.criterion.key} result={result} dimensionTitle={dimensionTitle.get(result.criterion.dimensionKey) ?? result.criterion.dimensionKey} />
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <ManualErrorBoundary />;
}
