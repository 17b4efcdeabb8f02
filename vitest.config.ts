import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Unit tests (next to the code), integration tests (tests/integration) and the bench's own tests
// (bench/, no timing) against real SQLite files. Browser tests have their own config
// (vitest.browser.config.ts). The Remix compiler is not involved here.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "tests/integration/**/*.test.{ts,tsx}", "bench/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/setup-test-env.ts"],
    pool: "forks",
    // vitest's default is one worker less than the cores: one on this 2-core machine. Many
    // integration tests wait on a child server, a crash loop or SQLite's disk writes, so two
    // workers keep both cores busy: 352 s → 224 s for this phase on a quiet machine.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
