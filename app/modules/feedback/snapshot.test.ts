import { describe, expect, it } from "vitest";
import { buildSnapshot, freezeSnapshot, serializeSnapshot, snapshotHash, stableStringify, type SnapshotInput } from "./snapshot";

function input(): SnapshotInput {
  return {
    reviewId: 7,
    unit: { id: 3, code: "03", kind: "county", nameSv: "Region Uppsala", nameEn: "Uppsala Region" },
    round: { id: 2, name: "Länsgranskning 2026", level: "county", periodStart: "2026-01-01", periodEnd: "2026-12-31" },
    manual: { key: "county", version: 1, checksum: "abc" },
    team: [
      { userId: 9, name: "Bo", homeUnit: { code: "12", nameSv: "Region Skåne", nameEn: "Skåne" }, isLead: false, isUserRepresentative: false },
      { userId: 8, name: "Ylva", homeUnit: { code: "01", nameSv: "Region Stockholm", nameEn: "Stockholm" }, isLead: true, isUserRepresentative: false },
    ],
    criteria: [
      { id: 12, key: "b", number: "1.2", dimensionKey: "d", position: 2, textSv: "B", textEn: "B", selfScore: null, consensus: { score: 1, cannotAssess: false, rationale: "Påbörjat" } },
      { id: 11, key: "a", number: "1.1", dimensionKey: "d", position: 1, textSv: "A", textEn: "A", selfScore: { score: 3, cannotAssess: false }, consensus: { score: 2, cannotAssess: false, rationale: "Delvis" } },
    ],
    strengths: [
      { id: 5, text: "Intern", criterionKey: null, internal: true },
      { id: 4, text: "Styrka", criterionKey: "a", internal: false },
    ],
    recommendations: [
      { id: 3, position: 2, text: "Andra", priority: "low", timeframe: "", criterionKeys: ["b"] },
      { id: 2, position: 1, text: "Första", priority: "high", timeframe: "inom 6 månader", criterionKeys: ["b", "a"] },
    ],
    factualComments: [{ id: 1, criterionKey: "a", text: "Fel årtal", createdAt: "2026-05-01T10:00:00.000Z", teamResponse: "Rättat" }],
    signedOffBy: { userId: 8, name: "Ylva" },
    publishedAt: "2026-06-01T12:00:00.000Z",
  };
}

describe("review snapshot", () => {
  it("orders every list the same way whatever the input order", () => {
    const snapshot = buildSnapshot(input());
    expect(snapshot.format).toBe(1);
    expect(snapshot.team.map((m) => m.name)).toEqual(["Ylva", "Bo"]);
    expect(snapshot.criteria.map((c) => c.key)).toEqual(["a", "b"]);
    expect(snapshot.recommendations.map((r) => r.id)).toEqual([2, 3]);
    expect(snapshot.recommendations[0]!.criterionKeys).toEqual(["a", "b"]);
    expect(snapshot.strengths.map((s) => s.id)).toEqual([4, 5]);
  });

  it("serialises with sorted keys, so the same data gives the same text and hash", () => {
    const a = freezeSnapshot(input());
    const shuffled = input();
    shuffled.team.reverse();
    shuffled.criteria.reverse();
    shuffled.recommendations.reverse();
    shuffled.strengths.reverse();
    const b = freezeSnapshot({ ...shuffled, unit: { nameEn: "Uppsala Region", nameSv: "Region Uppsala", kind: "county", code: "03", id: 3 } });
    expect(b.json).toBe(a.json);
    expect(b.hash).toBe(a.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(snapshotHash(serializeSnapshot(buildSnapshot(input()))));
    expect(JSON.parse(a.json)).toEqual(a.snapshot);
  });

  it("changes the hash when any content changes", () => {
    const a = freezeSnapshot(input());
    const changed = input();
    changed.criteria[0]!.consensus!.rationale = "Påbörjat.";
    expect(freezeSnapshot(changed).hash).not.toBe(a.hash);
  });

  it("stable stringify sorts nested keys and drops undefined", () => {
    expect(stableStringify({ b: 1, a: { d: [1, { f: 2, e: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"f":2}]},"b":1}');
  });
});
