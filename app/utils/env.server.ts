/**
 * Configuration from the environment, validated once at start. A bad value stops the server
 * with a message naming the variable, instead of failing later in a request.
 */
import { z } from "zod";

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], {
    error: "använd 1 eller 0",
  })
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATABASE_PATH: z.string().min(1).default("data/kollega.sqlite"),
    /** Uploaded evidence files: outside public/, served only through access-checked routes. */
    UPLOAD_DIR: z.string().min(1).default("data/uploads"),
    SESSION_SECRET: z.string().min(32, "minst 32 tecken").optional(),
    /** Demo mode (default on): seeds demo accounts and data into an empty database. */
    KOLLEGA_DEMO: booleanFlag.default(true),
    /** Session lifetime in hours; a session also ends after this long without use. */
    SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    /** Marks the session cookie Secure. Defaults to on in production. */
    COOKIE_SECURE: booleanFlag.optional(),
    /** Kolada's REST API (decision 014); tests and KOLLEGA_MOCKS point it at msw handlers. */
    KOLADA_BASE_URL: z.url({ protocol: /^https?$/, error: "en http(s)-adress, t.ex. https://api.kolada.se/v3" }).default("https://api.kolada.se/v3"),
    /** Each request to Kolada gives up after this many milliseconds. */
    KOLADA_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    /** Cached Kolada values older than this are refreshed in the background. */
    KOLADA_MAX_AGE_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24),
    /** Background refresh when a page shows indicators; default on, but off in demo mode (synthetic values, often offline). */
    KOLADA_AUTO_REFRESH: booleanFlag.optional(),
    /** Development and tests only: serve external APIs (Kolada) from the msw handlers in tests/mocks. */
    KOLLEGA_MOCKS: booleanFlag.default(false),
  })
  .superRefine((env, ctx) => {
    if (!env.KOLLEGA_DEMO && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "krävs utanför demoläge (KOLLEGA_DEMO=0); minst 32 slumpmässiga tecken",
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

/** Parses an environment; throws EnvError with one line per bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Ogiltig konfiguration (miljövariabler):\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
/** Tests change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}
