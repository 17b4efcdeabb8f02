/**
 * Configuration from the environment, validated once at start. A bad value stops the server
 * with a message naming the variable, instead of failing later in a request.
 */
import { isIP } from "node:net";
import { z } from "zod";

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], {
    error: "använd 1 eller 0",
  })
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

/** One entry of TRUST_PROXY's address list: a name Express knows, an IP address or a subnet. */
function isProxyAddress(entry: string) {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address = "", prefix, extra] = entry.split("/");
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/**
 * Express's "trust proxy": how many reverse proxies stand in front (0–10), or their addresses.
 * Only then is X-Forwarded-For believed for the client's address (sign-in throttling, audit log).
 */
const trustProxy = z
  .string()
  .trim()
  .refine((v) => /^(\d|10)$/.test(v) || v.split(",").every((entry) => isProxyAddress(entry.trim())), {
    error: "antalet proxyservrar framför (0–10) eller deras adresser, t.ex. loopback eller 10.0.0.0/8",
  })
  .transform((v) => (/^\d+$/.test(v) ? Number(v) : v.split(",").map((entry) => entry.trim())));

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
    /** Behind a reverse proxy: the proxies whose X-Forwarded-For names the client. Unset: none. */
    TRUST_PROXY: trustProxy.optional(),
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
