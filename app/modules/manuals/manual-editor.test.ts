import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { isMessageKey } from "~/i18n/i18n";
import {
  applyDraftEdit,
  DraftEditError,
  draftFromPublished,
  normalizeCrosswalk,
  proposedCrosswalk,
  publishIssues,
  stockholmDate,
  type CriterionFields,
  type CrosswalkRow,
  type EditContext,
} from "./manual-editor";
import {
  AddCriterionFormSchema,
  CriterionFormSchema,
  criterionEdit,
  CrosswalkFormSchema,
  crosswalkEdit,
  decodeMessage,
  encodeMessage,
  MAX_TEXT,
} from "./manual-editor-forms";
import { criteriaOf, ManualFileSchema, type ManualFile } from "./manual-schema";
import { validateCrosswalk } from "./manual-validation";

const readManual = (file: string) => ManualFileSchema.parse(JSON.parse(fs.readFileSync(`criteria/${file}`, "utf8")));
const v1 = readManual("county/v1.json");
const v2 = readManual("county/v2.json");
const draft = draftFromPublished(v2);
const context: EditContext = { previous: v2, history: new Map() };
const TODAY = "2026-11-25";

const fieldsOf = (manual: ManualFile, key: string): CriterionFields => {
  const c = criteriaOf(manual).find((x) => x.key === key)!;
  return { text: c.text, basis: c.basis, guidance: c.guidance, demand: c.demand, number: c.number, source: c.source };
};
const entryTo = (manual: ManualFile, key: string) => manual.crosswalk!.find((e) => e.to.includes(key));
const entryFrom = (manual: ManualFile, key: string) => manual.crosswalk!.find((e) => e.from.includes(key));
const keysOf = (manual: ManualFile, dimension: string) => manual.dimensions.find((d) => d.key === dimension)!.criteria.map((c) => c.key);

function editError(run: () => unknown): DraftEditError {
  try {
    run();
  } catch (error) {
    if (error instanceof DraftEditError) return error;
    throw error;
  }
  throw new Error("expected a DraftEditError");
}

describe("stockholmDate", () => {
  it("gives the date in Sweden, summer and winter time", () => {
    expect(stockholmDate(new Date("2026-06-30T22:30:00Z"))).toBe("2026-07-01");
    expect(stockholmDate(new Date("2026-06-30T21:59:00Z"))).toBe("2026-06-30");
    expect(stockholmDate(new Date("2026-12-31T23:00:00Z"))).toBe("2027-01-01");
    expect(stockholmDate(new Date("2026-12-31T22:59:59Z"))).toBe("2026-12-31");
  });
});

describe("draftFromPublished", () => {
  it("copies the latest version as N+1 with an empty changelog and a `same` crosswalk", () => {
    expect(draft).toMatchObject({ manual: "county", version: 3, status: "draft", changelog: [] });
    expect(draft.publishedAt).toBeUndefined();
    expect(draft.dimensions).toEqual(v2.dimensions);
    expect(draft.crosswalk).toHaveLength(24);
    expect(draft.crosswalk!.every((e) => e.type === "same" && e.from[0] === e.to[0])).toBe(true);
    expect(ManualFileSchema.safeParse(draft).success).toBe(true);
    expect(publishIssues(v2, draft, TODAY)).toEqual([]);
    // The source is untouched.
    expect(v2.status).toBe("published");
  });
});

describe("applyDraftEdit", () => {
  it("edits a criterion's text and turns its `same` entry into `reworded`", () => {
    const fields = fieldsOf(draft, "joint-goals");
    const { content, before, after } = applyDraftEdit(
      draft,
      { kind: "criterion", key: "joint-goals", fields: { ...fields, text: { sv: "Nya mål?", en: "New goals?" } } },
      context
    );
    expect(criteriaOf(content).find((c) => c.key === "joint-goals")!.text.sv).toBe("Nya mål?");
    expect(entryTo(content, "joint-goals")!.type).toBe("reworded");
    expect((before as { change: { text: { sv: string } } }).change.text.sv).toBe(fields.text.sv);
    expect((after as { change: { text: { sv: string } } }).change.text.sv).toBe("Nya mål?");
    expect(publishIssues(v2, content, TODAY)).toEqual([]);
    expect(criteriaOf(draft).find((c) => c.key === "joint-goals")!.text.sv).toBe(fields.text.sv);
  });

  it("keeps a criterion's group and Kolada ids when its fields are edited", () => {
    const fields = fieldsOf(draft, "competence-evaluation");
    const { content } = applyDraftEdit(
      draft,
      { kind: "criterion", key: "competence-evaluation", fields: { ...fields, demand: "advanced" } },
      context
    );
    const edited = criteriaOf(content).find((c) => c.key === "competence-evaluation")!;
    expect(edited.group).toBe("development-competences");
    expect(edited.demand).toBe("advanced");
    expect(entryTo(content, "competence-evaluation")!.type).toBe("same");
  });

  it("reorders within a dimension and refuses to move past its ends", () => {
    const { content } = applyDraftEdit(draft, { kind: "reorder", key: "executive-forum", direction: "up" }, context);
    expect(keysOf(content, "organisation").slice(0, 2)).toEqual(["executive-forum", "political-forum"]);
    expect(content.crosswalk).toEqual(draft.crosswalk);
    expect(editError(() => applyDraftEdit(draft, { kind: "reorder", key: "political-forum", direction: "up" }, context)).messageKey).toBe(
      "manuals.editor.error.cannotMove"
    );
    expect(editError(() => applyDraftEdit(draft, { kind: "reorder", key: "node-agreements", direction: "down" }, context)).messageKey).toBe(
      "manuals.editor.error.cannotMove"
    );
  });

  it("moves a criterion to another dimension as `moved`, without a group the dimension lacks, and back as `same`", () => {
    const moved = applyDraftEdit(draft, { kind: "move", key: "competence-evaluation", dimension: "working-methods" }, context).content;
    expect(keysOf(moved, "working-methods").at(-1)).toBe("competence-evaluation");
    expect(criteriaOf(moved).find((c) => c.key === "competence-evaluation")!.group).toBeUndefined();
    expect(entryTo(moved, "competence-evaluation")!.type).toBe("moved");
    expect(publishIssues(v2, moved, TODAY)).toEqual([]);
    const back = applyDraftEdit(moved, { kind: "move", key: "competence-evaluation", dimension: "competence" }, context).content;
    expect(entryTo(back, "competence-evaluation")!.type).toBe("same");
    const error = editError(() => applyDraftEdit(draft, { kind: "move", key: "joint-goals", dimension: "nowhere" }, context));
    expect([error.field, error.messageKey]).toEqual(["dimension", "manuals.editor.error.unknownDimension"]);
  });

  it("adds a criterion as `new`, refusing a key in the draft or one used earlier for another criterion", () => {
    const fields: CriterionFields = {
      text: { sv: "Finns en plan?", en: "" },
      basis: { sv: "Planen.", en: "", suggested: true },
      demand: "basic",
    };
    const { content } = applyDraftEdit(draft, { kind: "add", key: "plan-exists", dimension: "working-methods", fields }, context);
    expect(keysOf(content, "working-methods").at(-1)).toBe("plan-exists");
    expect(entryTo(content, "plan-exists")).toEqual({ type: "new", from: [], to: ["plan-exists"] });
    expect(publishIssues(v2, content, TODAY)).toEqual([]);

    const inDraft = editError(() => applyDraftEdit(draft, { kind: "add", key: "joint-goals", dimension: "organisation", fields }, context));
    expect([inDraft.field, inDraft.messageKey]).toEqual(["key", "manuals.editor.error.keyInDraft"]);
    const history = new Map([["competence-decision-support", { version: 1, textSv: "Beslutsstöd" }]]);
    const earlier = editError(() =>
      applyDraftEdit(draft, { kind: "add", key: "competence-decision-support", dimension: "competence", fields }, { previous: v2, history })
    );
    expect([earlier.field, earlier.messageKey]).toEqual(["key", "manuals.editor.error.keyUsedBefore"]);
    // The same criterion may come back with its earlier text.
    const again = applyDraftEdit(
      draft,
      {
        kind: "add",
        key: "competence-decision-support",
        dimension: "competence",
        fields: { ...fields, text: { sv: "Beslutsstöd", en: "" } },
      },
      { previous: v2, history }
    ).content;
    expect(keysOf(again, "competence")).toContain("competence-decision-support");
  });

  it("retires a removed criterion and links it again when it is added back", () => {
    const removed = applyDraftEdit(draft, { kind: "remove", key: "joint-goals" }, context).content;
    expect(criteriaOf(removed).map((c) => c.key)).not.toContain("joint-goals");
    expect(entryFrom(removed, "joint-goals")).toEqual({ type: "retired", from: ["joint-goals"], to: [] });
    expect(publishIssues(v2, removed, TODAY)).toEqual([]);
    const back = applyDraftEdit(
      removed,
      { kind: "add", key: "joint-goals", dimension: "working-methods", fields: fieldsOf(draft, "joint-goals") },
      { previous: v2, history: new Map([["joint-goals", { version: 2, textSv: fieldsOf(draft, "joint-goals").text.sv }]]) }
    ).content;
    expect(entryFrom(back, "joint-goals")).toEqual({ type: "same", from: ["joint-goals"], to: ["joint-goals"] });
    expect(back.crosswalk!.filter((e) => e.to.includes("joint-goals"))).toHaveLength(1);
  });

  it("saves the crosswalk form: split, merged rows joined by target, notes, and undecided rows left out", () => {
    const withNew = applyDraftEdit(
      draft,
      {
        kind: "add",
        key: "joint-goals-followed",
        dimension: "working-methods",
        fields: { text: { sv: "Följs målen upp?", en: "" }, basis: { sv: "Uppföljning.", en: "", suggested: true }, demand: "developing" },
      },
      context
    ).content;
    const rows: CrosswalkRow[] = criteriaOf(v2).map((c) => ({ from: c.key, type: "same", to: [c.key] }));
    const row = (key: string) => rows.find((r) => r.from === key)!;
    Object.assign(row("joint-goals"), { type: "split", to: ["joint-goals", "joint-goals-followed"], note: { sv: "Delad", en: "Split" } });
    Object.assign(row("process-indicators"), { type: "merged", to: ["effect-indicators"] });
    Object.assign(row("effect-indicators"), { type: "merged", to: ["effect-indicators"] });
    const { content } = applyDraftEdit(withNew, { kind: "crosswalk", rows, newNotes: [] }, context);
    expect(entryFrom(content, "joint-goals")).toEqual({
      type: "split",
      from: ["joint-goals"],
      to: ["joint-goals", "joint-goals-followed"],
      note: { sv: "Delad", en: "Split" },
    });
    expect(entryFrom(content, "process-indicators")).toEqual({
      type: "merged",
      from: ["process-indicators", "effect-indicators"],
      to: ["effect-indicators"],
    });
    // The new criterion is claimed by the split and leaves the `new` entries; process-indicators is
    // still in the draft but merged away, so nothing claims it and it reads as new.
    expect(content.crosswalk!.filter((e) => e.type === "new")).toEqual([{ type: "new", from: [], to: ["process-indicators"] }]);
    expect(publishIssues(v2, content, TODAY)).toEqual([]);

    Object.assign(row("management-forum"), { type: null });
    const undecided = applyDraftEdit(withNew, { kind: "crosswalk", rows, newNotes: [] }, context).content;
    const issues = publishIssues(v2, undecided, TODAY);
    expect(issues.map((i) => i.message).join("\n")).toContain("management-forum");

    const unknown = editError(() =>
      applyDraftEdit(
        withNew,
        { kind: "crosswalk", rows: [{ from: "political-forum", type: "reworded", to: ["nope"] }], newNotes: [] },
        context
      )
    );
    expect([unknown.field, unknown.messageKey, unknown.vars]).toEqual([
      "rows[0].to",
      "manuals.editor.error.unknownTarget",
      { key: "nope" },
    ]);
  });

  it("refuses an edit of a criterion the draft does not have", () => {
    expect(editError(() => applyDraftEdit(draft, { kind: "remove", key: "nope" }, context)).messageKey).toBe(
      "manuals.editor.error.unknownCriterion"
    );
  });
});

describe("crosswalk helpers", () => {
  it("proposes a crosswalk by keys that passes the cross-version check", () => {
    const proposed = proposedCrosswalk(v2, v1);
    expect(validateCrosswalk(v2, { ...v1, version: 3, crosswalk: proposed })).toEqual([]);
    expect(proposed).toContainEqual({ type: "reworded", from: ["staff-resources"], to: ["staff-resources"] });
    expect(proposed).toContainEqual({ type: "retired", from: ["research-collaborations"], to: [] });
    expect(proposed).toContainEqual({ type: "new", from: [], to: ["external-collaborations"] });
  });

  it("normalizes: drops unknown targets, covers every criterion, none for version 1", () => {
    const broken = { ...draft, crosswalk: [{ type: "same" as const, from: ["joint-goals"], to: ["gone"] }] };
    const normalized = normalizeCrosswalk(broken, v2);
    expect(entryFrom(normalized, "joint-goals")).toEqual({ type: "retired", from: ["joint-goals"], to: [] });
    expect(criteriaOf(normalized).every((c) => normalized.crosswalk!.some((e) => e.to.includes(c.key)))).toBe(true);
    expect(normalizeCrosswalk({ ...v1, crosswalk: [] }, null).crosswalk).toBeUndefined();
  });
});

describe("publishIssues", () => {
  it("names every criterion of the previous version the crosswalk leaves out", () => {
    const partial = { ...draft, crosswalk: draft.crosswalk!.filter((e) => !["joint-goals", "node-agreements"].includes(e.from[0]!)) };
    const messages = publishIssues(v2, partial, TODAY).map((i) => i.message);
    expect(messages.some((m) => m.includes("joint-goals"))).toBe(true);
    expect(messages.some((m) => m.includes("node-agreements"))).toBe(true);
  });

  it("requires the previous version to be published", () => {
    expect(publishIssues(null, draft, TODAY)[0]!.message).toContain("Version 2 måste vara publicerad");
  });
});

describe("editor forms", () => {
  const valid = { revision: "1", textSv: "Text", basisSv: "Underlag", demand: "basic" };
  const messagesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

  it("answer with dictionary keys next to the fields", () => {
    expect(CriterionFormSchema.safeParse(valid).success).toBe(true);
    const errors = messagesOf(
      CriterionFormSchema.safeParse({ ...valid, textSv: " ", basisSv: "x".repeat(MAX_TEXT + 1), demand: "extreme" })
    );
    expect(errors).toEqual({
      textSv: "manuals.editor.error.svRequired",
      basisSv: "form.tooLong",
      demand: "manuals.editor.error.unknownDemand",
    });
    // Checks across fields run once every field is valid on its own.
    const across = messagesOf(CriterionFormSchema.safeParse({ ...valid, sourceFrom: "7", guidanceEn: "Only English" }));
    expect(across).toEqual({
      guidanceSv: "manuals.editor.error.svRequired",
      sourceSection: "manuals.editor.error.sourceIncomplete",
      sourceTo: "manuals.editor.error.sourceIncomplete",
    });
    expect(messagesOf(CriterionFormSchema.safeParse({ ...valid, sourceSection: "5.1", sourceFrom: "9", sourceTo: "3" }))).toEqual({
      sourceTo: "manuals.editor.error.lineOrder",
    });
    for (const message of [...Object.values(errors), ...Object.values(across)]) expect(isMessageKey(message), message).toBe(true);
    const add = messagesOf(AddCriterionFormSchema.safeParse({ ...valid, key: "Bad Key" }));
    expect(add).toEqual({ key: "manuals.editor.error.keyFormat", dimension: "manuals.editor.error.unknownDimension" });
    for (const message of Object.values(add)) expect(isMessageKey(message), message).toBe(true);
  });

  it("read related Kolada indicators as ids separated by spaces or commas, and refuse anything else", () => {
    const edit = criterionEdit("x", CriterionFormSchema.parse({ ...valid, kpis: " n79136, U79160  N79131 ", kpisField: "1" }));
    expect(edit).toMatchObject({ kind: "criterion", fields: { kpis: ["N79136", "U79160", "N79131"] } });
    // An emptied field removes the links; a form without the field keeps them (undefined).
    expect(criterionEdit("x", CriterionFormSchema.parse({ ...valid, kpisField: "1" }))).toMatchObject({ fields: { kpis: [] } });
    expect((criterionEdit("x", CriterionFormSchema.parse(valid)) as { fields: { kpis?: string[] } }).fields.kpis).toBeUndefined();
    for (const kpis of ["X12345", "N1234", "N79136 N79136", Array.from({ length: 11 }, (_, i) => `N${10000 + i}`).join(" ")]) {
      expect(messagesOf(CriterionFormSchema.safeParse({ ...valid, kpis }))).toEqual({ kpis: "kolada.manual.kpisError" });
    }
    expect(isMessageKey("kolada.manual.kpisError")).toBe(true);
  });

  it("turn the crosswalk form into rows", () => {
    const parsed = CrosswalkFormSchema.parse({
      revision: "4",
      rows: [{ from: "a", type: "split", to: "b, c  d" }, { from: "e" }],
      news: [{ key: "f", noteSv: "Ny" }],
    });
    expect(crosswalkEdit(parsed)).toEqual({
      kind: "crosswalk",
      rows: [
        { from: "a", type: "split", to: ["b", "c", "d"], note: undefined },
        { from: "e", type: null, to: [], note: undefined },
      ],
      newNotes: [{ key: "f", note: { sv: "Ny", en: "" } }],
    });
    expect(messagesOf(CrosswalkFormSchema.safeParse({ revision: "4", rows: [{ from: "a", type: "same", to: "B!" }] }))).toEqual({
      "rows.0.to": "manuals.editor.error.keyFormat",
    });
  });

  it("encode placeholders into a message and back", () => {
    expect(decodeMessage(encodeMessage("manuals.editor.error.unknownTarget", { key: "x" }))).toEqual({
      key: "manuals.editor.error.unknownTarget",
      vars: { key: "x" },
    });
    expect(decodeMessage("form.required")).toEqual({ key: "form.required" });
  });
});
