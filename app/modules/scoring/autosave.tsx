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
 *
 * With `endpoint` (the scoring page: POST /reviews/:id/scoring/autosave, decision 023) a save is a
 * plain fetch of the same fields to that JSON endpoint instead of a fetcher submission to the
 * page's action: the answer carries everything the editors need (saved versions, time, errors), so
 * the page's loaders are not re-run after each save, and what the page counts (answered criteria)
 * is kept here from the saves' answers. The forms still post to the page without JavaScript.
 */
import { useFetcher, useNavigate } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { ScoreActionData } from "./score-input";

export type AutosaveStatus = "saving" | "done";

export interface AutosaveState {
  status: AutosaveStatus;
  /** The action's answer to this criterion's latest save. */
  data?: ScoreActionData;
  /** Whether the stored answer has a score or "cannot assess", once a save of it was accepted. */
  answered?: boolean;
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

const UNEXPECTED: ScoreActionData = { intent: "save", ok: false, message: "error.unexpected" };

function isScoreActionData(value: unknown): value is ScoreActionData {
  return typeof value === "object" && value !== null && typeof (value as ScoreActionData).ok === "boolean" && typeof (value as ScoreActionData).message === "string";
}

export function AutosaveProvider({ action, endpoint, children }: { action: string; endpoint?: string; children: ReactNode }) {
  const fetcher = useFetcher<ScoreActionData>({ key: `autosave:${action}` });
  const navigate = useNavigate();
  const pending = useRef(new Map<number, (version: number) => FormData>());
  /** Whether the save in flight sends an answer (a score or "cannot assess"). */
  const sentAnswered = useRef(false);
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
    const form = build(versionOf(criterionId, initialVersions.current.get(criterionId) ?? 0));
    sentAnswered.current = !!form.get(`score-${criterionId}`);
    if (endpoint) {
      void post(endpoint, form).then((data) => finishRef.current(criterionId, data));
    } else {
      fetcher.submit(form, { method: "post", action });
    }
  };
  const pumpRef = useRef(pump);
  pumpRef.current = pump;

  const finish = (criterionId: number, data: ScoreActionData) => {
    inFlight.current = null;
    for (const saved of data.saved ?? []) versions.current.set(saved.criterionId, saved.version);
    const answered = data.ok ? sentAnswered.current : undefined;
    setStates((s) => ({ ...s, [criterionId]: { status: pending.current.has(criterionId) ? "saving" : "done", data, answered: answered ?? s[criterionId]?.answered } }));
    // Signed out meanwhile: to the sign-in page and back, as a redirect from the page's action does.
    if (data.redirectTo?.startsWith("/login")) {
      pending.current.clear();
      navigate(data.redirectTo);
      return;
    }
    pumpRef.current();
  };
  const finishRef = useRef(finish);
  finishRef.current = finish;

  // Through the fetcher: a save is done when the fetcher, having been busy with it, is idle again
  // (its action answered and the page's loaders revalidated); then the next criterion's turn comes.
  useEffect(() => {
    if (endpoint || inFlight.current === null) return;
    if (fetcher.state !== "idle") {
      sawBusy.current = true;
      return;
    }
    if (!sawBusy.current) return;
    finishRef.current(inFlight.current, fetcher.data ?? UNEXPECTED);
  }, [fetcher.state, fetcher.data, endpoint]);

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

/** One save to the JSON endpoint; any failure (network, a non-JSON answer) is "unexpected". */
async function post(endpoint: string, form: FormData): Promise<ScoreActionData> {
  try {
    const body = new URLSearchParams();
    for (const [name, value] of form) if (typeof value === "string") body.append(name, value);
    const response = await fetch(endpoint, { method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" } });
    const data: unknown = await response.json().catch(() => null);
    return isScoreActionData(data) ? data : UNEXPECTED;
  } catch {
    return UNEXPECTED;
  }
}

export function useAutosave(): AutosaveApi {
  const api = useContext(AutosaveContext);
  if (!api) throw new Error("useAutosave needs an <AutosaveProvider> around the page");
  return api;
}
