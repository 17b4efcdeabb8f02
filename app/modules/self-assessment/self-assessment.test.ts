import { describe, expect, it } from "vitest";
import { ActionSchema, CANNOT_ASSESS, missingCriteria, parseScoreChoice, progressOf, type Answer } from "./self-assessment";

const scale = { steps: [0, 1, 2, 3].map((value) => ({ value, label: { sv: `S${value}`, en: "" }, description: { sv: "d", en: "" } })) };

describe("score choices on the pinned scale", () => {
  it("accepts the scale's steps, cannot-assess and nothing", () => {
    expect(parseScoreChoice("0", scale)).toEqual({ score: 0, cannotAssess: false });
    expect(parseScoreChoice("3", scale)).toEqual({ score: 3, cannotAssess: false });
    expect(parseScoreChoice(CANNOT_ASSESS, scale)).toEqual({ score: null, cannotAssess: true });
    expect(parseScoreChoice("", scale)).toEqual({ score: null, cannotAssess: false });
  });

  it("refuses values outside the scale", () => {
    for (const value of ["4", "-1", "1.5", "02x", "three", "99"]) expect(parseScoreChoice(value, scale), value).toBeNull();
  });
});

describe("progress and what is missing", () => {
  const answers = new Map<number, Answer>([
    [1, { score: 2, cannotAssess: false }],
    [2, { score: null, cannotAssess: true }],
    [3, { score: null, cannotAssess: false }],
  ]);
  it("counts a score or cannot-assess as answered, a comment alone not", () => {
    expect(progressOf([1, 2, 3, 4], answers)).toEqual({ answered: 2, total: 4 });
    expect(missingCriteria([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }], answers).map((c) => c.id)).toEqual([3, 4]);
  });
});

describe("action schema", () => {
  it("counts a line break as one character in the comment and trims it", () => {
    const comment = `  ${"a\r\n".repeat(1999)}a\r\n`; // 3 999 characters in the text area, 6 002 sent
    const parsed = ActionSchema.parse({ intent: "save", criterionId: "1", version: "0", score: "1", comment });
    expect(parsed.intent === "save" && parsed.comment.length).toBe(3999);
    const tooLong = ActionSchema.safeParse({ intent: "save", criterionId: "1", version: "0", score: "1", comment: "x".repeat(4001) });
    expect(tooLong.success).toBe(false);
  });

  it("validates links, notes and ids", () => {
    expect(ActionSchema.safeParse({ intent: "add-link", url: "javascript:alert(1)" }).success).toBe(false);
    expect(ActionSchema.safeParse({ intent: "add-link", url: "https://example.se", criterionId: "" }).success).toBe(true);
    expect(ActionSchema.safeParse({ intent: "add-note", body: "   " }).success).toBe(false);
    expect(ActionSchema.safeParse({ intent: "add-note", body: "x".repeat(20_001) }).success).toBe(false);
    expect(ActionSchema.safeParse({ intent: "save", criterionId: "abc", version: "0", score: "1" }).success).toBe(false);
    expect(ActionSchema.safeParse({ intent: "drop-tables" }).success).toBe(false);
  });
});
