/**
 * Per test file: a quiet, deterministic environment. A console.error during a test fails it,
 * because every error the app logs is a bug or must be expected explicitly.
 */
import { afterEach, beforeEach, vi } from "vitest";
import { closeDb } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";

process.env.NODE_ENV = "test";
process.env.KOLLEGA_DEMO = "1";

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error during test: ${args.map(String).join(" ")}`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  closeDb();
  resetEnvCache();
});
