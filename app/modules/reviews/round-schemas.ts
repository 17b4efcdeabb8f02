/** Form schemas for rounds and teams, shared by the pages (client validation) and the actions. */
import { z } from "zod";
import { UNIT_KINDS } from "#db/schema";

const isoDate = z.iso.date({ error: "rounds.error.date" });
const optionalDate = isoDate.optional();

export const RoundSchema = z
  .object({
    name: z.string({ error: "form.required" }).trim().min(1, "form.required").max(200, "form.tooLong"),
    level: z.enum(UNIT_KINDS, { error: "form.invalidValue" }),
    manualVersionId: z.coerce.number({ error: "form.required" }).int().positive("form.required"),
    periodStart: z.string({ error: "form.required" }).pipe(isoDate),
    periodEnd: z.string({ error: "form.required" }).pipe(isoDate),
    selfAssessmentDue: optionalDate,
    scoringDue: optionalDate,
    consensusDue: optionalDate,
    factualCheckDue: optionalDate,
    publicationDue: optionalDate,
    followUpDue: optionalDate,
    requiresUserRepresentative: z.literal("on").optional(),
    unitIds: z.array(z.coerce.number().int().positive(), { error: "rounds.error.unitsMismatch" }).min(1, "rounds.error.unitsMismatch").max(500),
  })
  .refine((v) => v.periodEnd > v.periodStart, { path: ["periodEnd"], message: "rounds.error.periodOrder" });

export const TeamActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    version: z.coerce.number().int().positive(),
    userId: z.coerce.number({ error: "form.required" }).int().positive("form.required"),
    isLead: z.literal("on").optional(),
    isUserRepresentative: z.literal("on").optional(),
  }),
  z.object({ intent: z.enum(["remove", "make-lead", "toggle-user-representative"]), version: z.coerce.number().int().positive(), userId: z.coerce.number().int().positive() }),
  z.object({
    intent: z.literal("accept-mutual"),
    otherUnitId: z.coerce.number().int().positive(),
    reason: z.string({ error: "form.required" }).trim().min(3, "form.required").max(1000, "form.tooLong"),
  }),
  z.object({
    intent: z.literal("advance"),
    version: z.coerce.number().int().positive(),
    overrideReason: z.string().trim().max(1000, "form.tooLong").optional(),
  }),
]);
