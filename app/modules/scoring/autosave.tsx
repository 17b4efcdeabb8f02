/**
 * Autosave for a page of score editors: one queue per page, one save in flight at a time.
 *
 * Why one queue: every fetcher action makes Remix revalidate the page's loaders, and a second
 * submission while that revalidation runs aborts it (Remix 2 then logs the aborted response body
 * as an error). Saving one criterion at a time, each after the previous one's revalidation, keeps
 * every request whole and keeps the saves in the order the user made them. Several changes to one
 * criterion while it waits are folded into one save of its latest values.
 *
 * The version each save sends is the one this page was loaded with or last saved by this browser
 * (never one picked up by revalidation), so a change made elsewhere meanwhile answers 409.
 */
import { useFetcher } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { ScoreActionData } from "./score-input";

export type AutosaveStatus = "saving" | "done";

export interface AutosaveState {
  status: AutosaveStatus;
  /** The action's answer to this criterion's latest save. */
  data?: ScoreActionData;
}

interface AutosaveApi {
  /** Queues a save; `build` runs when it is this criterion's turn and gets the version to send. */
  enqueue(criterionId: number, build: (version: number) => FormData, initialVersion: number): void;
  /** The version to send for a criterion (saved by this browser, else the loaded one). */
  versionOf(criterionId: number, initialVersion: number): number;
  /** Versions saved by a plain form post (the save buttons), so later autosaves send them. */
  adopt(saved: { criterionId: number; version: number }[] | undefined): void;
  /** Forgets a criterion's autosave answer (a newer form post answered for it). */
  clear(criterionId: number): void;
  states: Record<number, AutosaveState>;
}

const AutosaveContext = createContext<AutosaveApi | null>(null);

export function AutosaveProvider({ action, children }: { action: string; children: ReactNode }) {
  const fetcher = useFetcher<ScoreActionData>({ key: `autosave:${action}` });
  const pending = useRef(new Map<number, (version: number) => FormData>());
  const versions = useRef(new Map<number, number>());
  const initialVersions = useRef(new Map<number, number>());
  const inFlight = useRef<number | null>(null);
  const sawBusy = useRef(false);
  const [states, setStates] = useState<Record<number, AutosaveState>>({});
  // Bumped when adopt() learns new versions, so hidden version fields re-render with them.
  const [versionTick, setVersionTick] = useState(0);

  const versionOf = useCallback((criterionId: number, initialVersion: number) => versions.current.get(criterionId) ?? initialVersion, []);

  const pump = () => {
    if (inFlight.current !== null) return;
    const next = pending.current.entries().next();
    if (next.done) return;
    const [criterionId, build] = next.value;
    pending.current.delete(criterionId);
    inFlight.current = criterionId;
    sawBusy.current = false;
    fetcher.submit(build(versionOf(criterionId, initialVersions.current.get(criterionId) ?? 0)), { method: "post", action });
  };
  const pumpRef = useRef(pump);
  pumpRef.current = pump;

  // A save is done when the fetcher, having been busy with it, is idle again (its action answered
  // and the page's loaders revalidated); then the next criterion's turn comes.
  useEffect(() => {
    if (inFlight.current === null) return;
    if (fetcher.state !== "idle") {
      sawBusy.current = true;
      return;
    }
    if (!sawBusy.current) return;
    const criterionId = inFlight.current;
    inFlight.current = null;
    const data: ScoreActionData = fetcher.data ?? { intent: "save", ok: false, message: "error.unexpected" };
    for (const saved of data.saved ?? []) versions.current.set(saved.criterionId, saved.version);
    setStates((s) => ({ ...s, [criterionId]: { status: pending.current.has(criterionId) ? "saving" : "done", data } }));
    pumpRef.current();
  }, [fetcher.state, fetcher.data]);

  const api = useMemo<AutosaveApi>(
    () => ({
      enqueue(criterionId, build, initialVersion) {
        if (!initialVersions.current.has(criterionId)) initialVersions.current.set(criterionId, initialVersion);
        pending.current.set(criterionId, build);
        setStates((s) => ({ ...s, [criterionId]: { status: "saving", data: s[criterionId]?.data } }));
        pumpRef.current();
      },
      versionOf,
      adopt(saved) {
        if (!saved?.length) return;
        for (const s of saved) versions.current.set(s.criterionId, s.version);
        setVersionTick((n) => n + 1);
      },
      clear(criterionId) {
        setStates((s) => {
          if (!(criterionId in s)) return s;
          const { [criterionId]: _removed, ...rest } = s;
          return rest;
        });
      },
      states,
    }),
    [versionOf, states, versionTick] // eslint-disable-line react-hooks/exhaustive-deps
  );
  return <AutosaveContext.Provider value={api}>{children}</AutosaveContext.Provider>;
}

export function useAutosave(): AutosaveApi {
  const api = useContext(AutosaveContext);
  if (!api) throw new Error("useAutosave needs an <AutosaveProvider> around the page");
  return api;
}
