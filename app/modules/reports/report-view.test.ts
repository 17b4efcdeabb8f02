import { describe, expect, it } from "vitest";
import type { ReviewSnapshot, SnapshotCriterion } from "../feedback/snapshot";
import { translator } from "~/i18n/i18n";
import { buildReportView, meanText, scoreParts, scoreText } from "./report-view";

const scale = {
  steps: [0, 1, 2, 3].map((value) => ({ value, label: { sv: `S${value}`, en: `E${value}` }, description: { sv: "-", en: "-" } })),
  cannotAssess: { label: { sv: "Ej bedömbart", en: "Cannot assess" }, description: { sv: "-", en: "-" } },
};
const dimensions = [
  { key: "a", title: { sv: "A", en: "A" }, groups: [], criteria: [] },
  { key: "b", title: { sv: "B", en: "B" }, groups: [], criteria: [] },
];

function criterion(key: string, dimensionKey: string, position: number, score: number | null, cannotAssess = false): SnapshotCriterion {
  return {
    id: position,
    key,
    number: String(position),
    dimensionKey,
    position,
    textSv: key,
    textEn: key,
    selfScore: null,
    consensus: { score, cannotAssess, rationale: "" },
  };
}

const snapshot = {
  criteria: [criterion("a1", "a", 1, 3), criterion("a2", "a", 2, 1), criterion("b1", "b", 3, 0), criterion("b2", "b", 4, null, true)],
  strengths: [
    { id: 1, text: "Öppen", criterionKey: "a1", internal: false },
    { id: 2, text: "Intern", criterionKey: null, internal: true },
  ],
  recommendations: [
    { id: 1, position: 2, text: "Låg", priority: "low", timeframe: "", criterionKeys: [] },
    { id: 2, position: 1, text: "Hög", priority: "high", timeframe: "", criterionKeys: ["b1"] },
  ],
} as unknown as ReviewSnapshot;

describe("review report", () => {
  it("summarises gaps on the manual's scale, leaving 'cannot assess' out of the means", () => {
    const view = buildReportView(snapshot, { dimensions, scale } as never, { showInternal: false });
    expect(view.summary).toEqual({ criteria: 4, assessed: 3, cannotAssess: 1, atTop: 1, gaps: 2, majorGaps: 2, mean: 1.33 });
    expect(view.dimensions.map((d) => [d.key, d.mean])).toEqual([
      ["a", 2],
      ["b", 0],
    ]);
  });

  it("shows internal strengths only to the team and groups recommendations by priority", () => {
    expect(buildReportView(snapshot, { dimensions, scale } as never, { showInternal: false }).strengths.map((s) => s.text)).toEqual(["Öppen"]);
    const team = buildReportView(snapshot, { dimensions, scale } as never, { showInternal: true });
    expect(team.strengths).toHaveLength(2);
    expect(team.recommendations.high.map((r) => r.text)).toEqual(["Hög"]);
    expect(team.recommendations.low.map((r) => r.text)).toEqual(["Låg"]);
  });
});

describe("score and mean texts", () => {
  const t = translator("sv");
  const view = buildReportView(snapshot, { dimensions, scale }, { showInternal: false });
  it("print the step and its label, cannot assess, or a dash", () => {
    expect(scoreText({ score: 2, cannotAssess: false }, view.scale, "sv", t)).toBe("2 – S2");
    expect(scoreText({ score: 2, cannotAssess: false }, view.scale, "en", translator("en"))).toBe("2 – E2");
    expect(scoreParts({ score: 1, cannotAssess: false }, view.scale, "sv", t)).toEqual({ value: 1, label: "S1" });
    expect(scoreText({ score: null, cannotAssess: true }, view.scale, "sv", t)).toBe("Ej bedömbart");
    expect(scoreText(null, view.scale, "sv", t)).toBe("–");
    expect(meanText(1.5, "sv", t)).toBe("1,50");
    expect(meanText(1.5, "en", translator("en"))).toBe("1.50");
    expect(meanText(null, "sv", t)).toBe("kan inte beräknas");
  });
});
