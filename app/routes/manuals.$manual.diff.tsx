/**
 * /manuals/:manual/diff?from=1&to=2 — what changed between two versions, criterion by criterion
 * through the crosswalk, with word-level highlighting. `changes=only` hides unchanged criteria.
 * Malformed query → 400, unknown (or, for non-editors, draft) versions → 404, with a message.
 */
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { requirePermission } from "~/modules/auth/guards.server";
import {
  BackLinks,
  DiffForm,
  DiffText,
  Localized,
  ManualErrorBoundary,
  pageTitle,
} from "~/modules/manuals/manual-components";
import { diffManualVersions, diffSummary, textDiffPairs, type DiffCriterion } from "~/modules/manuals/manual-diff";
import {
  manualError,
  parseManualKey,
  readableVersions,
  requireReadableVersion,
  VersionNumberSchema,
} from "~/modules/manuals/manual-pages.server";
import { localized } from "~/modules/manuals/manual-view";
import { getManualVersion } from "~/modules/manuals/manual-repository.server";
import { getDb } from "~/utils/db.server";

const DiffQuerySchema = z
  .object({
    from: VersionNumberSchema,
    to: VersionNumberSchema,
    changes: z.enum(["all", "only"]).default("all"),
  })
  .refine((query) => query.from < query.to, { path: ["to"], message: "from must be lower than to" });

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, (t) =>
    data ? `${t(`manuals.kind.${data.manualKey}`)}: ${t("manuals.diff.title", { from: data.from, to: data.to })}` : t("manuals.title"),
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:manuals");
  const manualKey = parseManualKey(params);
  const search = new URL(request.url).searchParams;
  const visible = (await readableVersions(user, manualKey)).map((v) => v.version);
  if (!search.has("from") && !search.has("to")) {
    // The bare address compares the two latest versions the user may see.
    if (visible.length < 2) manualError(404, "manuals.error.singleVersion");
    throw redirect(`/manuals/${manualKey}/diff?from=${visible.at(-2)}&to=${visible.at(-1)}`);
  }
  const query = DiffQuerySchema.safeParse({
    from: search.get("from") ?? undefined,
    to: search.get("to") ?? undefined,
    changes: search.get("changes") || undefined,
  });
  if (!query.success) manualError(400, "manuals.error.badDiffQuery");
  const { from, to, changes } = query.data;

  const first = await requireReadableVersion(user, manualKey, from);
  const last = await requireReadableVersion(user, manualKey, to);
  const chain = [first.content];
  for (let version = from + 1; version < to; version++) {
    const between = await getManualVersion(getDb(), { manualKey, version });
    if (!between) manualError(404, "manuals.error.versionNotFound", { version });
    chain.push(between.content);
  }
  chain.push(last.content);

  const pick = (text: { sv: string; en?: string | null }) => localized(user.locale, text).text;
  const all = diffManualVersions(chain);
  const shown = changes === "only" ? all.filter((entry) => entry.changed) : all;
  return {
    manualKey,
    from,
    to,
    onlyChanges: changes === "only",
    title: last.content.title,
    versions: visible,
    summary: diffSummary(all),
    total: all.length,
    entries: shown.map((entry) => ({ ...entry, pairs: textDiffPairs(entry, pick) })),
  };
}

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["entries"][number];

function numbersAndKeys(criteria: DiffCriterion[]) {
  return criteria.map((c) => `${c.readingNumber} ${c.key}`).join(" + ");
}

function entryTitle(entry: Entry) {
  const before = numbersAndKeys(entry.from);
  const after = numbersAndKeys(entry.to);
  if (!before) return after;
  if (!after || before === after) return before;
  return `${before} → ${after}`;
}

function DiffEntry({ entry, from, to, index }: { entry: Entry; from: number; to: number; index: number }) {
  const t = useT();
  const headingId = `diff-entry-${index}`;
  const single = entry.from.length === 1 && entry.to.length === 1;
  return (
    <li className={`diff-entry diff-entry--${entry.type}`}>
      <article aria-labelledby={headingId}>
        <h3 id={headingId} className="diff-entry__heading">
          <span className={`badge diff-type diff-type--${entry.type}`}>{t(`manuals.diff.type.${entry.type}` as MessageKey)}</span>{" "}
          <span className="diff-entry__keys">{entryTitle(entry)}</span>
        </h3>
        {entry.pairs.length > 0 ? (
          entry.pairs.map((pair) => (
            <div key={`${pair.fromKey}-${pair.toKey}`} className="diff-pair">
              {!single ? (
                <p className="diff-pair__label">
                  <code>{pair.fromKey}</code> → <code>{pair.toKey}</code>
                </p>
              ) : null}
              <p className="diff-text" aria-label={t("manuals.diff.textChange")}>
                <DiffText segments={pair.text} />
              </p>
              {pair.basis ? (
                <div className="diff-basis">
                  <p className="diff-basis__label">{t("manuals.criterion.basis")}</p>
                  <p className="diff-text">
                    <DiffText segments={pair.basis} />
                  </p>
                </div>
              ) : null}
            </div>
          ))
        ) : (
          <>
            {entry.from.map((criterion) => (
              <p key={`from-${criterion.key}`} className="diff-text">
                <span className="diff-pair__label">{t("manuals.diff.before", { version: from })}: </span>
                <Localized text={criterion.text} />
              </p>
            ))}
            {entry.to.map((criterion) => (
              <p key={`to-${criterion.key}`} className="diff-text">
                <span className="diff-pair__label">{t("manuals.diff.after", { version: to })}: </span>
                <Localized text={criterion.text} />
              </p>
            ))}
            {entry.to.length === 0 ? <p className="muted">{t("manuals.diff.notInVersion", { version: to })}</p> : null}
            {entry.from.length === 0 ? <p className="muted">{t("manuals.diff.notInVersion", { version: from })}</p> : null}
          </>
        )}
        {single && entry.changedFields.length > 0 ? (
          <p className="diff-fields">
            {t("manuals.diff.changedFields")}:{" "}
            {entry.changedFields.map((field) => (field === "kpis" ? t("kolada.diff.kpis") : t(`manuals.diff.field.${field}` as MessageKey))).join(", ")}
            {entry.changedFields.includes("demand") ? (
              <>
                {" · "}
                {t("manuals.diff.demandChange", {
                  from: t(`manuals.demand.${entry.from[0]!.demand}` as MessageKey),
                  to: t(`manuals.demand.${entry.to[0]!.demand}` as MessageKey),
                })}
              </>
            ) : null}
          </p>
        ) : null}
        {entry.kpisAdded.length ? <p className="diff-kpis diff-kpis--added">{t("kolada.diff.added", { ids: entry.kpisAdded.join(", ") })}</p> : null}
        {entry.kpisRemoved.length ? <p className="diff-kpis diff-kpis--removed">{t("kolada.diff.removed", { ids: entry.kpisRemoved.join(", ") })}</p> : null}
        {entry.notes.map((note, i) => (
          <p key={i} className="diff-note">
            <strong>{t("manuals.diff.note")}:</strong> <Localized text={note} />
          </p>
        ))}
        {entry.inferred ? <p className="diff-note">{t("manuals.diff.inferred")}</p> : null}
      </article>
    </li>
  );
}

export default function ManualDiffPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <BackLinks>
        <Link to="/manuals">{t("manuals.backToList")}</Link> ·{" "}
        <Link to={`/manuals/${data.manualKey}`}>{t("manuals.backToManual")}</Link>
      </BackLinks>
      <h1>{t("manuals.diff.title", { from: data.from, to: data.to })}</h1>
      <p className="lede">
        <Localized text={data.title} />. {t("manuals.diff.intro")}
      </p>
      <DiffForm manualKey={data.manualKey} versions={data.versions} from={data.from} to={data.to} onlyChanges={data.onlyChanges} />
      <section aria-labelledby="diff-summary">
        <h2 id="diff-summary">{t("manuals.diff.summary")}</h2>
        <ul className="inline-list">
          {data.summary.map(({ type, count }) => (
            <li key={type}>
              <span className={`badge diff-type diff-type--${type}`}>{t(`manuals.diff.type.${type}` as MessageKey)}</span> {count}
            </li>
          ))}
        </ul>
        <p>{t("manuals.diff.showing", { shown: data.entries.length, total: data.total })}</p>
        <p>
          <Link to={`/manuals/${data.manualKey}/${data.from}`}>{t("manuals.read", { version: data.from })}</Link> ·{" "}
          <Link to={`/manuals/${data.manualKey}/${data.to}`}>{t("manuals.read", { version: data.to })}</Link>
        </p>
      </section>
      <section aria-labelledby="diff-criteria">
        <h2 id="diff-criteria">{t("manuals.diff.criteriaHeading")}</h2>
        {data.entries.length === 0 ? (
          <p>{t("manuals.diff.nothing")}</p>
        ) : (
          <ol className="diff-list">
            {data.entries.map((entry, index) => (
              <DiffEntry key={index} entry={entry} from={data.from} to={data.to} index={index} />
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ManualErrorBoundary />;
}
