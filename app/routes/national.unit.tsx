/**
 * /national/unit — a unit contact's own results beside the national distribution (decision 013):
 * per criterion the unit's published consensus score, the national median and the number of units
 * per scale step; per dimension the same for the unit means. No other unit's name, code or row is
 * ever sent to the browser, and a criterion or dimension with fewer than MIN_GROUP_SIZE scored
 * units shows no national numbers. Query: ?round=<id> (a GET form; works without JavaScript);
 * a malformed id → 400, a round without a published review of the unit → 404.
 */
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { SelectField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { isMessageKey, pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { requirePermission } from "~/modules/auth/guards.server";
import { pageTitle } from "~/modules/manuals/manual-components";
import { resolveUnitView } from "~/modules/national/national-data.server";
import { formatDecimal } from "~/modules/national/national-format";
import type { Distribution, UnitComparison } from "~/modules/national/unit-view";
import styles from "~/styles/national.css";
import { getDb } from "~/utils/db.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("nationalUnit.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:national:own-unit");
  const result = await resolveUnitView(getDb(), new URL(request.url).searchParams, user.homeUnit.id, user.homeUnit.code);
  if (result.kind === "error") {
    throw data({ message: result.status === 400 ? "bad request" : "not found", messageKey: result.messageKey }, { status: result.status });
  }
  return { ...result, homeUnit: { nameSv: user.homeUnit.nameSv, nameEn: user.homeUnit.nameEn } };
}

type Loaded = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "ok" }>;

/** The median and the counts per step, or one cell saying why they are not shown. */
function DistributionCells({ national, comparison, ownStep }: { national: Distribution | null; comparison: UnitComparison; ownStep: number | null }) {
  const t = useT();
  const locale = useLocale();
  const min = comparison.minGroupSize;
  if (!national) {
    return (
      <td colSpan={2 + comparison.scale.steps.length} className="suppressed">
        <span aria-hidden="true">{t("nationalUnit.suppressed", { min })}</span>
        <span className="visually-hidden">{t("nationalUnit.suppressedLong", { min })}</span>
      </td>
    );
  }
  return (
    <>
      <td className="number">{formatDecimal(locale, national.median, 1)}</td>
      <td className="number">{national.n}</td>
      {national.counts.map((count, i) => (
        <td key={comparison.scale.steps[i]!.value} className={`number${ownStep === i ? " step-own" : ""}`}>
          {count}
          {ownStep === i ? <span className="visually-hidden"> {t("nationalUnit.ownStep")}</span> : null}
        </td>
      ))}
    </>
  );
}

/** The first header row: the steps' columns grouped under one heading. */
function GroupHeaderRow({ comparison }: { comparison: UnitComparison }) {
  const t = useT();
  return (
    <tr>
      <td colSpan={4} />
      <th scope="colgroup" colSpan={comparison.scale.steps.length} className="number">
        {t("nationalUnit.distribution")}
      </th>
    </tr>
  );
}

function StepHeaders({ comparison }: { comparison: UnitComparison }) {
  const t = useT();
  return (
    <>
      <th scope="col" className="number">
        {t("nationalUnit.col.median")}
      </th>
      <th scope="col" className="number">
        {t("nationalUnit.col.n")}
      </th>
      {comparison.scale.steps.map((step) => (
        <th scope="col" key={step.value} className="number">
          <span aria-hidden="true">{t("nationalUnit.col.stepShort", { value: step.value })}</span>
          <span className="visually-hidden">{t("nationalUnit.col.step", { value: step.value })}</span>
        </th>
      ))}
    </>
  );
}

function nearestStep(steps: { value: number }[], value: number | null): number | null {
  if (value === null) return null;
  let best = 0;
  steps.forEach((step, i) => {
    if (Math.abs(step.value - value) < Math.abs(steps[best]!.value - value) - 1e-9) best = i;
  });
  return best;
}

function Comparison({ loaded }: { loaded: Loaded }) {
  const t = useT();
  const locale = useLocale();
  const { comparison, round } = loaded;
  const steps = comparison.scale.steps;
  const dimensionTitle = new Map(comparison.dimensions.map((d) => [d.key, `${d.number}. ${pick(locale, d.title)}`]));
  const ownText = (own: { score: number | null; cannotAssess: boolean }) =>
    own.cannotAssess ? pick(locale, comparison.scale.cannotAssess.label) : own.score === null ? t("national.cell.noScoreLong") : String(own.score);
  return (
    <>
      <Form method="get" action="/national/unit" className="national-form" aria-label={t("nationalUnit.form.label")} key={round.id}>
        <SelectField label={t("nationalUnit.form.round")} selectProps={{ id: "unit-round", name: "round", defaultValue: String(round.id) }}>
          {loaded.rounds.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <div className="actions">
          <button type="submit" className="button">
            {t("nationalUnit.form.submit")}
          </button>
        </div>
      </Form>
      <dl className="facts">
        <dt>{t("nationalUnit.facts.unit")}</dt>
        <dd>{pick(locale, comparison.unit.name)}</dd>
        <dt>{t("national.facts.round")}</dt>
        <dd>
          {round.name}
          {round.synthetic ? (
            <>
              {" "}
              <span className="badge badge--warning">{t("national.synthetic")}</span>
            </>
          ) : null}
        </dd>
        <dt>{t("national.facts.manual")}</dt>
        <dd>
          <Link to={`/manuals/${round.manualKey}/${round.manualVersion}`}>
            {t(`manuals.kind.${round.manualKey}` as MessageKey)}, {t("national.facts.manualVersion", { version: round.manualVersion })}
          </Link>
        </dd>
        <dt>{t("nationalUnit.facts.units")}</dt>
        <dd>{comparison.units}</dd>
      </dl>
      <p>
        <Link to={`/reviews/${comparison.unit.reviewId}/report`}>{t("nationalUnit.reportLink")}</Link>
      </p>
      <p className="rule">{t("nationalUnit.rule", { min: comparison.minGroupSize })}</p>

      <section aria-labelledby="unit-dimensions">
        <h2 id="unit-dimensions">{t("nationalUnit.dimensions.heading")}</h2>
        <TableScroll>
          <table className="national-table unit-compare">
            <TableCaption>{t("nationalUnit.dimensions.caption")}</TableCaption>
            <thead>
              <GroupHeaderRow comparison={comparison} />
              <tr>
                <th scope="col">{t("nationalUnit.col.dimension")}</th>
                <th scope="col" className="number">
                  {t("nationalUnit.col.own")}
                </th>
                <StepHeaders comparison={comparison} />
              </tr>
            </thead>
            <tbody>
              {comparison.dimensions.map((d) => (
                <tr key={d.key}>
                  <th scope="row">{dimensionTitle.get(d.key)}</th>
                  <td className="number own">{d.own === null ? t("national.cell.notComputableLong") : formatDecimal(locale, d.own, 1)}</td>
                  <DistributionCells national={d.national} comparison={comparison} ownStep={nearestStep(steps, d.own)} />
                </tr>
              ))}
              <tr>
                <th scope="row">{t("nationalUnit.overall")}</th>
                <td className="number own">
                  {comparison.overall.own === null ? t("national.cell.notComputableLong") : formatDecimal(locale, comparison.overall.own, 1)}
                </td>
                <DistributionCells national={comparison.overall.national} comparison={comparison} ownStep={nearestStep(steps, comparison.overall.own)} />
              </tr>
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="unit-criteria">
        <h2 id="unit-criteria">{t("nationalUnit.criteria.heading")}</h2>
        <TableScroll>
          <table className="national-table unit-compare">
            <TableCaption>{t("nationalUnit.criteria.caption")}</TableCaption>
            <thead>
              <GroupHeaderRow comparison={comparison} />
              <tr>
                <th scope="col">{t("nationalUnit.col.criterion")}</th>
                <th scope="col" className="number">
                  {t("nationalUnit.col.own")}
                </th>
                <StepHeaders comparison={comparison} />
              </tr>
            </thead>
            <tbody>
              {comparison.criteria.map((c) => (
                <tr key={c.key} data-criterion={c.key}>
                  <th scope="row">
                    <span className="criterion-number">{c.number}</span> {pick(locale, c.text)}
                  </th>
                  <td className="number own">{ownText(c.own)}</td>
                  <DistributionCells
                    national={c.national}
                    comparison={comparison}
                    ownStep={c.own.score === null ? null : steps.findIndex((s) => s.value === c.own.score)}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </>
  );
}

export default function NationalUnitPage() {
  const loaded = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="national">
      <h1>{t("nationalUnit.title")}</h1>
      <p className="lede">{t("nationalUnit.intro")}</p>
      {loaded.kind === "ok" ? (
        <Comparison loaded={loaded} />
      ) : (
        <div className="alert alert--info" role="status">
          <p>{t("nationalUnit.none", { unit: locale === "en" ? loaded.homeUnit.nameEn : loaded.homeUnit.nameSv })}</p>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && (error.status === 400 || error.status === 404)) {
    const body = error.data as { messageKey?: string } | null;
    if (body?.messageKey && isMessageKey(body.messageKey)) {
      return (
        <div className="error-page" role="alert">
          <h1>{t(error.status === 404 ? "error.notFoundTitle" : "error.badRequestTitle")}</h1>
          <p>{t(body.messageKey)}</p>
          <p className="error-page__status">HTTP {error.status}</p>
          <p>
            <Link to="/national/unit">{t("nationalUnit.backToUnit")}</Link>
          </p>
        </div>
      );
    }
  }
  return <GeneralErrorBoundary />;
}
