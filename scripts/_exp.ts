import { backupScenario } from "./reliability/scenarios";
const log = (l: string) => console.log(l);
let t = Date.now();
const c = await backupScenario({ workDir: "/tmp/rel/work", reviewers: 6, durationMs: 4000, log });
console.log("backup", Date.now() - t, JSON.stringify({ ...c, backup: c.backup.totalRows+" "+c.backup.sha256, restored: c.restored.sha256 }, null, 1));
