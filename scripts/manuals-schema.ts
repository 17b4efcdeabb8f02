/** `npm run manuals:schema`: writes criteria/manual.schema.json from the zod schema of the file format. */
import fs from "node:fs";
import path from "node:path";
import { CRITERIA_DIR } from "#db/prepare";
import { displayPath, renderManualJsonSchema, SCHEMA_FILE } from "~/modules/manuals/manual-files.server";

const target = path.join(CRITERIA_DIR, SCHEMA_FILE);
const next = renderManualJsonSchema();
const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
if (current === next) {
  console.log(`${displayPath(target)} är redan aktuell.`);
} else {
  fs.writeFileSync(target, next);
  console.log(`Skrev ${displayPath(target)}.`);
}
