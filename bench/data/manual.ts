/**
 * The synthetic 60-criterion manuals the benchmark rounds pin: one published version per manual
 * key, shaped like the real files (four dimensions, texts, basis and guidance of realistic length,
 * the real 0–3 scale), loaded through the app's own manual sync. Version 100 keeps them clear of
 * the real versions in criteria/ (a real v3 landing later must not collide with a cached file).
 * Every round of a level pins the same version, so a trend over rounds needs no crosswalk; the
 * crosswalk below only satisfies the format (from version 2 on one is required).
 */
import type { ManualFile, ManualKey } from "~/modules/manuals/manual-schema";
import { DEMAND_LEVELS } from "~/modules/manuals/manual-schema";

export const SYNTHETIC_MANUAL_VERSION = 100;

const DIMENSIONS = [
  { key: "organisation", sv: "Organisatoriska förutsättningar", en: "Organisational prerequisites" },
  { key: "competence", sv: "Kompetens och kapacitet", en: "Competence and capacity" },
  { key: "collaboration", sv: "Samverkan och delaktighet", en: "Collaboration and participation" },
  { key: "follow-up", sv: "Uppföljning och lärande", en: "Follow-up and learning" },
];

const TOPICS: { sv: string; en: string }[] = [
  { sv: "behovsanalyser", en: "needs analyses" },
  { sv: "kunskapsstyrning", en: "knowledge-based management" },
  { sv: "brukarmedverkan", en: "service-user participation" },
  { sv: "implementering av nya metoder", en: "implementation of new methods" },
  { sv: "kompetensförsörjning", en: "competence supply" },
  { sv: "lokal uppföljning", en: "local follow-up" },
  { sv: "samverkan med civilsamhället", en: "collaboration with civil society" },
  { sv: "suicidprevention", en: "suicide prevention" },
  { sv: "barn och ungas psykiska hälsa", en: "children's and young people's mental health" },
  { sv: "spridning av goda exempel", en: "spreading good practice" },
  { sv: "forskningsanknytning", en: "links with research" },
  { sv: "gemensamma handlingsplaner", en: "joint action plans" },
  { sv: "öppna jämförelser", en: "open comparisons" },
  { sv: "digitalt stöd", en: "digital support" },
  { sv: "ledningens engagemang", en: "management commitment" },
];

const TITLES: Record<ManualKey, { sv: string; en: string }> = {
  county: { sv: "Syntetisk bedömningsmanual för länsnivå (benchmark)", en: "Synthetic assessment manual for the county level (benchmark)" },
  "resource-centre": { sv: "Syntetisk bedömningsmanual för resurscentrum (benchmark)", en: "Synthetic assessment manual for resource centres (benchmark)" },
  node: { sv: "Syntetisk bedömningsmanual för kunskapsnoder (benchmark)", en: "Synthetic assessment manual for knowledge nodes (benchmark)" },
  national: { sv: "Syntetisk bedömningsmanual för nationell nivå (benchmark)", en: "Synthetic assessment manual for the national level (benchmark)" },
};

/** The scale of the real manuals (criteria/county/v2.json). */
export function benchScale(): ManualFile["scale"] {
  return {
    steps: [
      step(0, "Saknas", "Not in place", "Det som kriteriet beskriver finns inte, och inget beslut eller arbete för att få det på plats har påbörjats.", "What the criterion describes does not exist, and no decision or work to put it in place has begun."),
      step(1, "Påbörjat", "Initiated", "Det finns ett beslut, en plan eller ett pågående arbete, men det fungerar ännu inte i praktiken.", "There is a decision, a plan or work under way, but it does not yet work in practice."),
      step(2, "Delvis på plats", "Partly in place", "Det fungerar i praktiken, men inte för alla berörda parter eller områden, eller inte stabilt över tid.", "It works in practice, but not for all parties or areas concerned, or not stably over time."),
      step(3, "På plats", "In place", "Det fungerar för alla berörda parter, är dokumenterat och följs upp regelbundet.", "It works for all parties concerned, is documented and is followed up regularly."),
    ],
    cannotAssess: {
      label: { sv: "Ej bedömbart", en: "Cannot assess" },
      description: {
        sv: "Underlaget räcker inte för en bedömning eller kriteriet är inte tillämpligt; räknas separat och ingår inte i medelvärden.",
        en: "The evidence is not sufficient for an assessment, or the criterion does not apply; counted separately and excluded from averages.",
      },
    },
  };
}

function step(value: number, sv: string, en: string, descriptionSv: string, descriptionEn: string) {
  return { value, label: { sv, en }, description: { sv: descriptionSv, en: descriptionEn } };
}

export function criterionKey(dimension: number, index: number) {
  return `bench-${dimension + 1}-${String(index + 1).padStart(2, "0")}`;
}

/**
 * The synthetic manual for one key: `criteria` criteria over four dimensions, demand levels in
 * turn. `previousKeys` are the criteria of the version before (the latest real one), all retired.
 */
export function syntheticManual(manual: ManualKey, criteria: number, previousKeys: readonly string[]): ManualFile {
  const perDimension = Math.ceil(criteria / DIMENSIONS.length);
  const dimensions = DIMENSIONS.map((d, di) => {
    const count = Math.max(0, Math.min(perDimension, criteria - di * perDimension));
    return {
      key: d.key,
      title: { sv: d.sv, en: d.en },
      groups: [],
      criteria: Array.from({ length: count }, (_, ci) => {
        const topic = TOPICS[(di * perDimension + ci) % TOPICS.length]!;
        const n = `${di + 1}.${ci + 1}`;
        return {
          key: criterionKey(di, ci),
          text: {
            sv: `Finns en beslutad, dokumenterad och regelbundet uppföljd struktur för ${topic.sv} (kriterium ${n}), där berörda huvudmän samverkar och resultaten återförs till verksamheterna?`,
            en: `Is there an adopted, documented and regularly followed-up structure for ${topic.en} (criterion ${n}), in which the bodies concerned collaborate and the results are fed back to the services?`,
          },
          basis: {
            sv: `Beslut, verksamhetsplan eller motsvarande som beskriver arbetet med ${topic.sv}; uppföljningar från de senaste 12 månaderna och protokoll som visar hur resultaten har använts.`,
            en: `A decision, operational plan or equivalent describing the work on ${topic.en}; follow-ups from the last 12 months and minutes showing how the results have been used.`,
            suggested: true,
          },
          guidance: {
            sv: `På plats kräver att arbetet med ${topic.sv} omfattar samtliga berörda parter och följs upp minst årligen. Finns arbetet bara i delar av området är Delvis på plats rimligt.`,
            en: `In place requires that the work on ${topic.en} covers all parties concerned and is followed up at least yearly. If the work exists only in parts of the area, Partly in place is appropriate.`,
          },
          demand: DEMAND_LEVELS[(di + ci) % DEMAND_LEVELS.length]!,
          kpis: [],
        };
      }),
    };
  }).filter((d) => d.criteria.length > 0);
  return {
    manual,
    version: SYNTHETIC_MANUAL_VERSION,
    status: "published",
    publishedAt: "2016-12-01",
    title: TITLES[manual],
    description: {
      sv: "Syntetisk manual för prestandamätningar (npm run bench). Inte för verkliga granskningar.",
      en: "Synthetic manual for performance measurements (npm run bench). Not for real reviews.",
    },
    scale: benchScale(),
    changelog: [{ sv: "Syntetisk version för benchmark.", en: "Synthetic version for benchmarks." }],
    dimensions,
    crosswalk: [
      ...previousKeys.map((key) => ({ type: "retired" as const, from: [key], to: [] })),
      ...dimensions.flatMap((d) => d.criteria.map((c) => ({ type: "new" as const, from: [], to: [c.key] }))),
    ],
  };
}
