/**
 * /good-practice — the good-practice library: the strengths recorded in published reviews, read
 * from their frozen snapshots, for every signed-in user. Internal strengths never appear here (for
 * anyone). A GET form filters by manual version, dimension, criterion, unit and free text; a bad
 * value answers 400 with the message beside its field. 50 hits per page (`page`).
 * Each hit links to its report only when the viewer may read that report.
 */
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import type { ChangeEvent } from "react";
import { Field, SelectField } from "~/components/forms";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { requireUser } from "~/modules/auth/guards.server";
import {
  filterEntries,
  groupEntries,
  librarySearch,
  manualParam,
  paginate,
  parseLibraryQuery,
  sortEntries,
  type LibraryErrors,
  type LibraryField,
  type LibraryQuery,
} from "~/modules/library/library";
import { libraryCatalogue, listLibraryManuals, listUnits, loadLibraryEntries, readableReports } from "~/modules/library/library.server";
import { pageTitle } from "~/modules/manuals/manual-components";
import styles from "~/styles/library.css";
import { getDb } from "~/utils/db.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("library.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const [entries, manuals, units] = await Promise.all([loadLibraryEntries(db), listLibraryManuals(db), listUnits(db)]);
  const parsed = parseLibraryQuery(new URL(request.url).searchParams, libraryCatalogue(manuals, units));

  // The form: every manual version with published reviews; dimensions and criteria of the chosen one;
  // the units that have entries (and the chosen one).
  const chosenManual = parsed.ok ? parsed.query.manual : null;
  const rawManual = parsed.ok ? null : (parsed.values.manual ?? "");
  const formManual = manuals.find((m) => (chosenManual ? m.key === chosenManual.key && m.version === chosenManual.version : manualParam(m) === rawManual));
  const chosenUnit = parsed.ok ? parsed.query.unit : (parsed.values.unit ?? null);
  const unitsWithEntries = new Set(entries.map((e) => e.unit.code));
  const form = {
    manuals: manuals.map((m) => ({ value: manualParam(m), key: m.key, version: m.version })),
    dimensions: formManual?.dimensions ?? [],
    criteria: formManual?.criteria ?? [],
    units: units.filter((u) => unitsWithEntries.has(u.code) || u.code === chosenUnit),
  };

  if (!parsed.ok) {
    return data({ ok: false as const, form, errors: parsed.errors, values: parsed.values, empty: entries.length === 0 }, { status: 400 });
  }
  const { query } = parsed;
  const hits = paginate(sortEntries(filterEntries(entries, query)), query.page);
  const readable = await readableReports(db, user, hits.items.map((e) => e.reviewId));
  return {
    ok: true as const,
    form,
    query,
    empty: entries.length === 0,
    hits: { ...hits, items: [] },
    groups: groupEntries(hits.items).map((g) => ({ ...g, entries: g.entries.map((e) => ({ ...e, canReadReport: readable.has(e.reviewId) })) })),
  };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function valuesOf(loaded: Loaded): Record<LibraryField, string> {
  if (!loaded.ok) {
    const v = loaded.values;
    return { manual: v.manual ?? "", dimension: v.dimension ?? "", criterion: v.criterion ?? "", unit: v.unit ?? "", q: v.q ?? "", page: "" };
  }
  const q = loaded.query;
  return { manual: q.manual ? manualParam(q.manual) : "", dimension: q.dimension ?? "", criterion: q.criterion ?? "", unit: q.unit ?? "", q: q.q ?? "", page: "" };
}

function LibraryForm({ loaded }: { loaded: Loaded }) {
  const t = useT();
  const locale = useLocale();
  const submit = useSubmit();
  const values = valuesOf(loaded);
  const errors: LibraryErrors = loaded.ok ? {} : loaded.errors;
  const err = (field: LibraryField) => (errors[field] ? [errors[field]!] : null);
  const hasManual = loaded.form.dimensions.length > 0;
  // With JavaScript, choosing another manual reloads the lists at once (dimension and criterion
  // belong to a manual version); without it, the search button does the same.
  const onManualChange = (event: ChangeEvent<HTMLSelectElement>) => {
    const formElement = event.currentTarget.form;
    if (!formElement) return;
    for (const name of ["dimension", "criterion"]) {
      const select = formElement.elements.namedItem(name);
      if (select instanceof HTMLSelectElement) select.value = "";
    }
    submit(formElement);
  };
  return (
    <Form method="get" action="/good-practice" className="library-form" aria-label={t("library.form.label")} key={JSON.stringify(values)}>
      <SelectField
        label={t("library.form.manual")}
        errors={err("manual")}
        selectProps={{ id: "library-manual", name: "manual", defaultValue: values.manual, onChange: onManualChange }}
      >
        <option value="">{t("library.form.allManuals")}</option>
        {loaded.form.manuals.map((m) => (
          <option key={m.value} value={m.value}>
            {t("library.form.manualOption", { manual: t(`manuals.kind.${m.key}` as MessageKey), version: m.version })}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("library.form.dimension")} errors={err("dimension")} selectProps={{ id: "library-dimension", name: "dimension", defaultValue: values.dimension }}>
        <option value="">{t("library.form.allDimensions")}</option>
        {loaded.form.dimensions.map((d) => (
          <option key={d.key} value={d.key}>
            {d.number}. {pick(locale, { sv: d.titleSv, en: d.titleEn })}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("library.form.criterion")} errors={err("criterion")} selectProps={{ id: "library-criterion", name: "criterion", defaultValue: values.criterion }}>
        <option value="">{t("library.form.allCriteria")}</option>
        {loaded.form.criteria.map((c) => {
          const text = pick(locale, { sv: c.textSv, en: c.textEn });
          return (
            <option key={c.key} value={c.key}>
              {c.number} {text.length > 90 ? `${text.slice(0, 87)}…` : text}
            </option>
          );
        })}
      </SelectField>
      <SelectField label={t("library.form.unit")} errors={err("unit")} selectProps={{ id: "library-unit", name: "unit", defaultValue: values.unit }}>
        <option value="">{t("library.form.allUnits")}</option>
        {loaded.form.units.map((u) => (
          <option key={u.code} value={u.code}>
            {pick(locale, { sv: u.nameSv, en: u.nameEn })} ({u.code})
          </option>
        ))}
      </SelectField>
      <Field
        label={t("library.form.text")}
        hint={t("library.form.textHint")}
        errors={err("q")}
        inputProps={{ id: "library-q", name: "q", type: "search", defaultValue: values.q, maxLength: 250 }}
      />
      {!hasManual ? <p className="field__hint library-form__note">{t("library.form.needsManualHint")}</p> : null}
      {errors.page ? (
        <p className="field__error" role="alert">
          {t(errors.page)}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button">
          {t("library.form.submit")}
        </button>
        <Link to="/good-practice">{t("library.form.reset")}</Link>
      </div>
    </Form>
  );
}

function Pages({ query, page, pages }: { query: LibraryQuery; page: number; pages: number }) {
  const t = useT();
  if (pages <= 1) return null;
  return (
    <nav className="library-pages" aria-label={t("library.pages.label")}>
      <ul className="inline-list">
        {page > 1 ? (
          <li>
            <Link to={`/good-practice${librarySearch({ ...query, page: page - 1 })}`} rel="prev">
              {t("library.pages.previous")}
            </Link>
          </li>
        ) : null}
        <li aria-current="page">{t("library.pages.current", { page, pages })}</li>
        {page < pages ? (
          <li>
            <Link to={`/good-practice${librarySearch({ ...query, page: page + 1 })}`} rel="next">
              {t("library.pages.next")}
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function Results({ loaded }: { loaded: Extract<Loaded, { ok: true }> }) {
  const t = useT();
  const locale = useLocale();
  const { hits, groups, query } = loaded;
  if (loaded.empty) {
    return (
      <div className="alert alert--info" role="status">
        <p>{t("library.empty")}</p>
      </div>
    );
  }
  return (
    <section aria-labelledby="library-results">
      <h2 id="library-results">{t("library.results")}</h2>
      <p role="status">{hits.total === 0 ? t("library.none") : t("library.count", { from: hits.from, to: hits.to, total: hits.total })}</p>
      {groups.map((group) => {
        const manualName = t("library.group.manual", { manual: t(`manuals.kind.${group.manual.key}` as MessageKey), version: group.manual.version });
        const headingId = `group-${group.id.replace(/[^a-z0-9-]/gi, "-")}`;
        return (
          <section key={group.id} className="library-group" aria-labelledby={headingId}>
            <h3 id={headingId}>
              {group.criterion ? (
                <>
                  <span className="library-group__number">{group.criterion.number}</span> {pick(locale, { sv: group.criterion.textSv, en: group.criterion.textEn })}
                </>
              ) : (
                t("library.group.noCriterion")
              )}
            </h3>
            <p className="library-group__meta muted">
              {manualName}
              {group.criterion ? (
                <>
                  {" · "}
                  <code>{t("library.criterionKey", { key: group.criterion.key })}</code>
                </>
              ) : null}
            </p>
            <ul className="library-entries">
              {group.entries.map((entry) => {
                const unitName = pick(locale, { sv: entry.unit.nameSv, en: entry.unit.nameEn });
                return (
                  <li key={entry.strengthId} className="library-entry">
                    <p className="library-entry__text">{entry.text}</p>
                    <dl className="library-entry__facts">
                      <dt>{t("library.entry.unit")}</dt>
                      <dd>
                        {unitName} ({entry.unit.code})
                      </dd>
                      <dt>{t("library.entry.round")}</dt>
                      <dd>{entry.round.name}</dd>
                      <dt>{t("library.entry.manual")}</dt>
                      <dd>
                        <Link to={`/manuals/${entry.manual.key}/${entry.manual.version}`}>{manualName}</Link>
                      </dd>
                      <dt>{t("library.entry.criterion")}</dt>
                      <dd>
                        {entry.criterion ? (
                          <>
                            {entry.criterion.number} <code>{entry.criterion.key}</code>
                          </>
                        ) : (
                          "–"
                        )}
                      </dd>
                    </dl>
                    {entry.canReadReport ? (
                      <p className="library-entry__report">
                        <Link to={`/reviews/${entry.reviewId}/report`} aria-label={t("library.entry.reportFor", { unit: unitName, round: entry.round.name })}>
                          {t("library.entry.report")}
                        </Link>
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      <Pages query={query} page={hits.page} pages={hits.pages} />
    </section>
  );
}

export default function GoodPracticePage() {
  const loaded = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="library">
      <h1>{t("library.title")}</h1>
      <p className="lede">{t("library.intro")}</p>
      <div className="alert alert--info">
        <p>{t("library.internalNote")}</p>
        <p>{t("library.frozenNote")}</p>
      </div>
      {loaded.ok ? null : (
        <div className="alert alert--error" role="alert">
          <p>{t("library.form.invalid")}</p>
        </div>
      )}
      <LibraryForm loaded={loaded} />
      {loaded.ok ? <Results loaded={loaded} /> : null}
    </div>
  );
}
