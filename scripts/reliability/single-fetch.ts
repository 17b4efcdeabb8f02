/**
 * Reads Remix single-fetch answers (`POST /route.data`, what a fetcher sends) the way the browser
 * does, for plain data: strings, numbers, booleans, null, arrays and objects in turbo-stream's flat
 * form (the first line: a list of values, objects as {"_<key index>": <value index>}). Anything
 * else (dates, promises, maps) throws rather than being misread: the scoring action's answers are
 * plain data.
 */
const SPECIAL: Record<number, unknown> = { [-1]: undefined, [-2]: Number.NaN, [-3]: -Infinity, [-4]: -0, [-5]: null, [-6]: Infinity, [-7]: undefined };

export function decodeSingleFetch(body: string): unknown {
  const firstLine = body.split("\n", 1)[0]!;
  const values = JSON.parse(firstLine) as unknown[];
  if (!Array.isArray(values)) throw new Error("not a turbo-stream body");
  const seen = new Map<number, unknown>();
  const read = (index: number, depth = 0): unknown => {
    if (index < 0) {
      if (!(index in SPECIAL)) throw new Error(`unknown turbo-stream constant ${index}`);
      return SPECIAL[index];
    }
    if (depth > 64) throw new Error("turbo-stream value nested too deep");
    if (seen.has(index)) return seen.get(index);
    const value = values[index];
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
      if (typeof value[0] === "string") throw new Error(`turbo-stream type ${value[0]} is not supported here`);
      const array = (value as number[]).map((i) => read(i, depth + 1));
      seen.set(index, array);
      return array;
    }
    const object: Record<string, unknown> = {};
    for (const [key, valueIndex] of Object.entries(value as Record<string, number>)) {
      if (!key.startsWith("_")) throw new Error(`unexpected turbo-stream key ${key}`);
      object[String(values[Number(key.slice(1))])] = read(valueIndex, depth + 1);
    }
    seen.set(index, object);
    return object;
  };
  return read(0);
}
