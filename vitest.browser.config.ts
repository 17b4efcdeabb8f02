import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Browser tests (tests/browser): a real Chromium against the real server that
// scripts/test-browser.ts starts (its address arrives as KOLLEGA_BASE_URL). No database setup
// here: the server owns its database. Files run one after another so sign-ins and the
// server's throttling counters do not interfere across files.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    include: ["tests/browser/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
