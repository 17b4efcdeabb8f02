/**
 * Without a reachable Kolada, the real server (child process) starts and every page answers: here
 * Kolada is a local socket that accepts connections and never answers, background refresh is on,
 * and each request to Kolada gives up after KOLADA_TIMEOUT_MS. The pages show the cached (demo)
 * values and say plainly that Kolada could not be reached; nothing waits for the network.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/connection";
import { freePort, httpSignIn, startServer, type RunningServer } from "../server";

let kolada: net.Server;
const sockets = new Set<net.Socket>();
let server: RunningServer;
let reviewId: number;
let criterionId: number;

beforeAll(async () => {
  // A Kolada that never answers: the connection opens, no byte ever comes back.
  const port = await freePort();
  kolada = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => kolada.listen(port, "127.0.0.1", resolve));
  server = await startServer({
    env: { KOLADA_BASE_URL: `http://127.0.0.1:${port}/v3`, KOLADA_AUTO_REFRESH: "1", KOLADA_TIMEOUT_MS: "300" },
  });
  const { sqlite } = openDatabase(server.databasePath);
  reviewId = (
    sqlite
      .prepare("select r.id from reviews r join units u on u.id = r.unit_id join rounds ro on ro.id = r.round_id where ro.name = 'Länsgranskning 2026' and u.kolada_id = '0019'")
      .get() as { id: number }
  ).id;
  criterionId = (
    sqlite
      .prepare("select c.id from manual_criteria c join manual_versions v on v.id = c.manual_version_id where v.manual_key = 'county' and v.version = 2 and c.key = 'regional-variation-followed'")
      .get() as { id: number }
  ).id;
  sqlite.close();
}, 90_000);

afterAll(async () => {
  await server?.stop();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => kolada?.close(resolve));
});

describe("Kolada unreachable", () => {
  it("every page answers; the panel shows the stored demo values and says Kolada could not be reached", async () => {
    const cookie = await httpSignIn(server.url, "granskare.stockholm@kollega.test");
    const get = (path: string) => fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    for (const path of ["/", `/reviews/${reviewId}`, `/reviews/${reviewId}/self-assessment`, `/reviews/${reviewId}/scoring`, "/manuals", "/manuals/county/diff?from=1&to=2", "/good-practice"]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
    }
    const first = await (await get(`/reviews/${reviewId}/self-assessment`)).text();
    expect(first).toContain("Relaterade nyckeltal (Kolada)");
    expect(first).toContain("Demovärden (syntetiska)");

    const refresh = await fetch(`${server.url}/reviews/${reviewId}/indicators`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "refresh", criterionId: String(criterionId), returnTo: "scoring" }),
    });
    expect(refresh.status).toBe(302);
    const location = refresh.headers.get("location")!;
    expect(location).toContain(`/reviews/${reviewId}/scoring?indicators=failed&errors=timeout`);
    const after = await (await get(location.replace(/#.*$/, ""))).text();
    expect(after).toContain("Kolada kunde inte nås (inget svar i tid). De sparade värdena visas.");
    expect(after).toContain("Visar sparade värden från");
    expect(after).toMatch(/<table class="indicator-table">/);
  });
});
