/**
 * The shapes of Kolada's REST API v3 responses (https://api.kolada.se/v3/docs, described on
 * https://www.kolada.se/om-oss/api/; decision 014), validated with zod so that an unexpected
 * answer is reported as such instead of crashing a page or filling the cache with nonsense.
 *
 * Every list endpoint answers `{ count, values, next_url, previous_url }`: `count` is the number
 * of items on this page, `next_url` the full address of the next page (absent or null on the
 * last one). Pure module.
 */
import { z } from "zod";

/** Kolada KPI ids: N (nyckeltal from national statistics) or U (Kolada's own collections), five digits. */
export const KPI_ID_PATTERN = /^[NU]\d{5}$/;
export const KpiIdSchema = z.string().regex(KPI_ID_PATTERN);

/** Kolada's municipality ids: four digits; regions are "00" + the county code, the country "0000". */
export const MunicipalityIdSchema = z.string().regex(/^\d{4}$/);
export const NATIONAL_ID = "0000";

export const GENDERS = ["T", "K", "M"] as const;
export type Gender = (typeof GENDERS)[number];

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int().nonnegative(),
    values: z.array(item),
    next_url: z.string().nullish(),
    previous_url: z.string().nullish(),
  });
}

export const KoladaKpiSchema = z.object({
  id: KpiIdSchema,
  title: z.string(),
  description: z.string().nullish(),
  operating_area: z.string().nullish(),
  // Documented as a boolean; older answers carried 0/1.
  is_divided_by_gender: z.union([z.boolean(), z.number().int()]).nullish(),
  municipality_type: z.string().nullish(),
});
export type KoladaKpi = z.infer<typeof KoladaKpiSchema>;

export const KoladaValueSchema = z.object({
  gender: z.enum(GENDERS),
  value: z.number().nullable(),
  status: z.string().nullish(),
  count: z.number().nullish(),
});

export const KoladaDataRowSchema = z.object({
  kpi: KpiIdSchema,
  municipality: MunicipalityIdSchema,
  period: z.number().int().min(1900).max(2200),
  values: z.array(KoladaValueSchema),
});
export type KoladaDataRow = z.infer<typeof KoladaDataRowSchema>;

export const KpiPageSchema = pageSchema(KoladaKpiSchema);
export const DataPageSchema = pageSchema(KoladaDataRowSchema);
