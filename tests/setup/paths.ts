import path from "node:path";

/** Scratch space for test databases and artifacts (git-ignored). */
export const ARTIFACTS_DIR = path.resolve("tests/.artifacts");
/** A database migrated and seeded once per run; every test gets a copy. */
export const TEMPLATE_DB = path.join(ARTIFACTS_DIR, "template.sqlite");
