/**
 * The msw server for the app's external HTTP services (today only Kolada), one handler file per
 * service. Tests create their own server from the handler files with `onUnhandledRequest: "error"`;
 * `KOLLEGA_MOCKS=1` makes scripts/start.ts start this one inside the app server (browser tests,
 * demos without network), like epic-stack's MOCKS=true. msw is a dev dependency: the production
 * start never imports this file.
 */
import { setupServer } from "msw/node";
import { koladaHandlers } from "./kolada";

export function startMockServer({ koladaBaseUrl }: { koladaBaseUrl: string }) {
  const server = setupServer(...koladaHandlers(koladaBaseUrl.replace(/\/+$/, "")));
  server.listen({ onUnhandledRequest: "error" });
  return server;
}
