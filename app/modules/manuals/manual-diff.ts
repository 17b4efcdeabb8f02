/**
 * What changed between two versions of a manual, criterion by criterion, through the crosswalk;
 * and a word-level diff of texts (a small LCS, no dependency). Pure.
 *
 * Between consecutive versions each crosswalk entry is one diff entry with the editor's type and
 * note. Across several versions the crosswalks are chained: criteria linked through any entry form
 * one diff entry, whose type is derived from its shape (1→n split, n→1 merged, 1→1 same, moved or
 * reworded). A criterion the crosswalk leaves out (only possible in an invalid draft) is matched by
 * key and marked as inferred.
 */
import { CROSSWALK_TYPES, type Criterion, type CrosswalkType, type LocalizedText, type ManualFile } from "./manual-schema";
import { criterionNumbers } from "./manual-view";

// ---------------------------------------------------------------------------------------------
// Word diff

export type DiffSegment = { type: "equal" | "del" | "ins"; text: string };

/** Words (with inner hyphens and apostrophes, e.g. "FoU-miljöer"), single punctuation marks, runs of whitespace. */
const TOKEN = /\s+|[\p{L}\p{N}]+(?:[-–'’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Above this many cells the LCS table is not worth it: the texts are shown as replaced whole. */
const MAX_CELLS = 4_000_000;

function pushSegment(segments: DiffSegment[], type: DiffSegment["type"], text: string) {
  if (!text) return;
  const last = segments[segments.length - 1];
  if (last?.type === type) last.text += text;
  else segments.push({ type, text });
}

/**
 * Word-level diff: `equal` + `del` segments spell `before`, `equal` + `ins` spell `after`. Within
 * each changed stretch deletions come before insertions, and a single space between two changed
 * words is folded into the change, so a replaced phrase reads as one <del> and one <ins>.
 */
export function wordDiff(before: string, after: string): DiffSegment[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: DiffSegment[] = [];
  for (let i = 0; i < start; i++) ops.push({ type: "equal", text: a[i]! });
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i++) ops.push({ type: "del", text: a[i]! });
    for (let j = start; j < endB; j++) ops.push({ type: "ins", text: b[j]! });
  } else {
    // lcs[i][j] = length of the LCS of a[start+i..endA) and b[start+j..endB).
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] =
          a[start + i] === b[start + j]
            ? lcs[(i + 1) * width + j + 1]! + 1
            : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[start + i] === b[start + j]) {
        ops.push({ type: "equal", text: a[start + i]! });
        i++;
        j++;
      } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
        ops.push({ type: "del", text: a[start + i]! });
        i++;
      } else {
        ops.push({ type: "ins", text: b[start + j]! });
        j++;
      }
    }
    for (; i < n; i++) ops.push({ type: "del", text: a[start + i]! });
    for (; j < m; j++) ops.push({ type: "ins", text: b[start + j]! });
  }
  for (let i = endA; i < a.length; i++) ops.push({ type: "equal", text: a[i]! });

  // Whitespace alone between two changes belongs to the change.
  for (let k = 1; k < ops.length - 1; k++) {
    const op = ops[k]!;
    if (op.type === "equal" && /^\s+$/.test(op.text) && ops[k - 1]!.type !== "equal" && ops[k + 1]!.type !== "equal") {
      ops.splice(k, 1, { type: "del", text: op.text }, { type: "ins", text: op.text });
      k++;
    }
  }
  // Each changed stretch as one deletion followed by one insertion.
  const segments: DiffSegment[] = [];
  let deleted = "";
  let inserted = "";
  const flush = () => {
    pushSegment(segments, "del", deleted);
    pushSegment(segments, "ins", inserted);
    deleted = "";
    inserted = "";
  };
  for (const op of ops) {
    if (op.type === "del") deleted += op.text;
    else if (op.type === "ins") inserted += op.text;
    else {
      flush();
      pushSegment(segments, "equal", op.text);
    }
  }
  flush();
  return segments;
}

// ---------------------------------------------------------------------------------------------
// Criterion diff

export interface DiffCriterion {
  key: string;
  readingNumber: string;
  dimensionKey: string;
  dimensionTitle: LocalizedText;
  groupText: LocalizedText | null;
  text: LocalizedText;
  basis: Criterion["basis"];
  guidance: LocalizedText | null;
  demand: Criterion["demand"];
  /** Related Kolada indicators (decision 014). */
  kpis: string[];
}

export const COMPARED_FIELDS = ["key", "text", "basis", "guidance", "demand", "dimension", "group", "kpis"] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface ManualDiffEntry {
  type: CrosswalkType;
  from: DiffCriterion[];
  to: DiffCriterion[];
  /** The crosswalk notes of the entries behind this one. */
  notes: LocalizedText[];
  /** For one criterion on each side: what differs (the reading number is not compared). */
  changedFields: ComparedField[];
  /** Anything to show when only changes are asked for. */
  changed: boolean;
  /** Not from the crosswalk but matched by key (a draft with an incomplete crosswalk). */
  inferred: boolean;
  /** Kolada ids linked on the later side but not the earlier one, and the other way round. */
  kpisAdded: string[];
  kpisRemoved: string[];
}

function diffCriteria(manual: ManualFile): Map<string, DiffCriterion> {
  const numbers = criterionNumbers(manual);
  const out = new Map<string, DiffCriterion>();
  for (const dimension of manual.dimensions) {
    const groups = new Map(dimension.groups.map((g) => [g.key, g.text]));
    for (const criterion of dimension.criteria) {
      out.set(criterion.key, {
        key: criterion.key,
        readingNumber: numbers.get(criterion.key)!,
        dimensionKey: dimension.key,
        dimensionTitle: dimension.title,
        groupText: (criterion.group && groups.get(criterion.group)) || null,
        text: criterion.text,
        basis: criterion.basis,
        guidance: criterion.guidance ?? null,
        demand: criterion.demand,
        kpis: criterion.kpis ?? [],
      });
    }
  }
  return out;
}

const sameText = (a: LocalizedText | null, b: LocalizedText | null) =>
  (a?.sv.trim() ?? "") === (b?.sv.trim() ?? "") && (a?.en.trim() ?? "") === (b?.en.trim() ?? "");

export function changedFields(before: DiffCriterion, after: DiffCriterion): ComparedField[] {
  const fields: ComparedField[] = [];
  if (before.key !== after.key) fields.push("key");
  if (!sameText(before.text, after.text)) fields.push("text");
  if (!sameText(before.basis, after.basis) || before.basis.suggested !== after.basis.suggested) fields.push("basis");
  if (!sameText(before.guidance, after.guidance)) fields.push("guidance");
  if (before.demand !== after.demand) fields.push("demand");
  if (before.dimensionKey !== after.dimensionKey) fields.push("dimension");
  if (!sameText(before.groupText, after.groupText)) fields.push("group");
  if ([...before.kpis].sort().join(",") !== [...after.kpis].sort().join(",")) fields.push("kpis");
  return fields;
}

/** Union-find over "layer:key" nodes. */
class Components {
  private parent = new Map<string, string>();
  find(node: string): string {
    if (!this.parent.has(node)) this.parent.set(node, node);
    let root = node;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(node, root);
    return root;
  }
  union(a: string, b: string) {
    this.parent.set(this.find(a), this.find(b));
  }
}

interface Link {
  type: CrosswalkType;
  note?: LocalizedText;
  inferred: boolean;
}

function compositeType(links: Link[], fromCount: number, toCount: number): CrosswalkType {
  if (links.length === 1) return links[0]!.type;
  if (fromCount === 0) return "new";
  if (toCount === 0) return "retired";
  if (fromCount === 1 && toCount === 1) {
    if (links.every((l) => l.type === "same")) return "same";
    if (links.every((l) => l.type === "same" || l.type === "moved")) return "moved";
    return "reworded";
  }
  return fromCount === 1 ? "split" : "merged";
}

/**
 * The diff from the first to the last of `versions`, which must be consecutive versions of one
 * manual in ascending order (each later one carrying its crosswalk to the one before).
 */
export function diffManualVersions(versions: ManualFile[]): ManualDiffEntry[] {
  if (versions.length < 2) throw new Error("diffManualVersions needs at least two versions");
  versions.forEach((v, i) => {
    if (i > 0 && v.version !== versions[i - 1]!.version + 1) throw new Error("diffManualVersions needs consecutive versions");
  });
  const layers = versions.map(diffCriteria);
  const last = layers.length - 1;
  const components = new Components();
  const linksByNode = new Map<string, Link[]>();
  const node = (layer: number, key: string) => `${layer}:${key}`;
  const addLink = (nodes: string[], link: Link) => {
    nodes.forEach((n) => components.find(n));
    for (let k = 1; k < nodes.length; k++) components.union(nodes[0]!, nodes[k]!);
    const list = linksByNode.get(nodes[0]!) ?? [];
    list.push(link);
    linksByNode.set(nodes[0]!, list);
  };

  for (let layer = 1; layer <= last; layer++) {
    const previous = layers[layer - 1]!;
    const current = layers[layer]!;
    const coveredFrom = new Set<string>();
    const coveredTo = new Set<string>();
    for (const entry of versions[layer]!.crosswalk ?? []) {
      const from = entry.from.filter((k) => previous.has(k));
      const to = entry.to.filter((k) => current.has(k));
      if (from.length + to.length === 0) continue;
      from.forEach((k) => coveredFrom.add(k));
      to.forEach((k) => coveredTo.add(k));
      addLink([...from.map((k) => node(layer - 1, k)), ...to.map((k) => node(layer, k))], {
        type: entry.type,
        note: entry.note,
        inferred: false,
      });
    }
    for (const [key, before] of previous) {
      if (coveredFrom.has(key)) continue;
      const after = current.get(key);
      if (after && !coveredTo.has(key)) {
        coveredTo.add(key);
        addLink([node(layer - 1, key), node(layer, key)], {
          // Linking indicators does not reword a criterion.
          type: changedFields(before, after).filter((f) => f !== "kpis").length === 0 ? "same" : "reworded",
          inferred: true,
        });
      } else addLink([node(layer - 1, key)], { type: "retired", inferred: true });
    }
    for (const key of current.keys()) {
      if (!coveredTo.has(key)) addLink([node(layer, key)], { type: "new", inferred: true });
    }
  }

  // Gather each component's first- and last-layer criteria and its links.
  const byRoot = new Map<string, { from: string[]; to: string[]; links: Link[] }>();
  const group = (root: string) => {
    let g = byRoot.get(root);
    if (!g) byRoot.set(root, (g = { from: [], to: [], links: [] }));
    return g;
  };
  for (const key of layers[0]!.keys()) group(components.find(node(0, key))).from.push(key);
  for (const key of layers[last]!.keys()) group(components.find(node(last, key))).to.push(key);
  for (const [n, links] of linksByNode) {
    const root = components.find(n);
    if (byRoot.has(root)) group(root).links.push(...links);
  }

  const toEntry = ({ from, to, links }: { from: string[]; to: string[]; links: Link[] }): ManualDiffEntry => {
    const fromCriteria = from.map((k) => layers[0]!.get(k)!);
    const toCriteria = to.map((k) => layers[last]!.get(k)!);
    const type = compositeType(links, from.length, to.length);
    const fields = fromCriteria.length === 1 && toCriteria.length === 1 ? changedFields(fromCriteria[0]!, toCriteria[0]!) : [];
    const kpisBefore = new Set(fromCriteria.flatMap((c) => c.kpis));
    const kpisAfter = new Set(toCriteria.flatMap((c) => c.kpis));
    const kpisAdded = [...kpisAfter].filter((id) => !kpisBefore.has(id));
    const kpisRemoved = [...kpisBefore].filter((id) => !kpisAfter.has(id));
    return {
      kpisAdded,
      kpisRemoved,
      type,
      from: fromCriteria,
      to: toCriteria,
      notes: links.flatMap((l) => (l.note ? [l.note] : [])),
      changedFields: fields,
      changed: type !== "same" || fields.length > 0 || kpisAdded.length > 0 || kpisRemoved.length > 0,
      inferred: links.some((l) => l.inferred),
    };
  };

  // Reading order of the later version; an entry with no criterion left there (retired) is placed
  // after the entry holding the criterion before it in the earlier version.
  const ordered: string[] = [];
  const seen = new Set<string>();
  for (const key of layers[last]!.keys()) {
    const root = components.find(node(last, key));
    if (!seen.has(root)) {
      seen.add(root);
      ordered.push(root);
    }
  }
  let anchor: string | null = null;
  for (const key of layers[0]!.keys()) {
    const root = components.find(node(0, key));
    if (!seen.has(root)) {
      seen.add(root);
      const at = anchor === null ? 0 : ordered.indexOf(anchor) + 1;
      ordered.splice(at, 0, root);
    }
    anchor = root;
  }
  return ordered.map((root) => toEntry(byRoot.get(root)!));
}

/** Entries per crosswalk type, in the order of CROSSWALK_TYPES. */
export function diffSummary(entries: ManualDiffEntry[]): { type: CrosswalkType; count: number }[] {
  return CROSSWALK_TYPES.map((type) => ({ type, count: entries.filter((e) => e.type === type).length })).filter(
    (s) => s.count > 0,
  );
}

export interface TextDiffPair {
  fromKey: string;
  toKey: string;
  text: DiffSegment[];
  /** Only when the assessment basis differs in the chosen language. */
  basis: DiffSegment[] | null;
}

/**
 * Word diffs to show for an entry, in one language (`pick` chooses the text): one pair for 1→1,
 * the old text against each new one for a split, each old one against the new for a merge.
 */
export function textDiffPairs(entry: ManualDiffEntry, pick: (text: LocalizedText) => string): TextDiffPair[] {
  const pairs: [DiffCriterion, DiffCriterion][] =
    entry.from.length === 1 ? entry.to.map((to) => [entry.from[0]!, to]) : entry.to.length === 1 ? entry.from.map((from) => [from, entry.to[0]!]) : [];
  return pairs.map(([from, to]) => {
    const basisBefore = pick(from.basis);
    const basisAfter = pick(to.basis);
    return {
      fromKey: from.key,
      toKey: to.key,
      text: wordDiff(pick(from.text), pick(to.text)),
      basis: basisBefore === basisAfter ? null : wordDiff(basisBefore, basisAfter),
    };
  });
}
