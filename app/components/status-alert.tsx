/**
 * The answer to a submitted form: success is a polite status, failure an alert that screen
 * readers announce at once. One component so every page says it the same way.
 */
import type { ReactNode } from "react";

export function StatusAlert({ ok, children }: { ok: boolean; children: ReactNode }) {
  return (
    <div className={`alert ${ok ? "alert--success" : "alert--error"}`} role={ok ? "status" : "alert"}>
      {children}
    </div>
  );
}
