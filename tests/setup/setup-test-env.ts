/**
 * Per test file: a quiet, deterministic environment. A console.error during a test fails it,
 * because every error the app logs is a bug or must be expected explicitly.
 */
import { afterEach, beforeEach, vi } from "vitest";
import { closeDb } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";

process.env.NODE_ENV = "test";
process.env.KOLLEGA_DEMO = "1";

/**
 * The one library warning let through: @react-pdf/renderer 4.9 hands a page `layout` its children
 * as an array of unkeyed fragments (lib/react-pdf.js, wrapFunctionProps), and React's development
 * build says so once per render. It is React's key check on react-pdf's own elements, not ours,
 * and silent in production (the app's PDF pages use `layout`, decision 022).
 */
function isReactPdfLayoutKeyWarning(text: string): boolean {
  return text.includes('Each child in a list should have a unique "key" prop') && text.includes("Check the top-level render call using <layout>");
}

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (isReactPdfLayoutKeyWarning(text)) return;
    throw new Error(`console.error during test: ${text}`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  closeDb();
  resetEnvCache();
});
