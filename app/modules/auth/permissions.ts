/**
 * Who may do what, as `action:entity[:scope]` strings per role. Pure: used by the server guards
 * (requirePermission) and by the UI to show each role only what it may use.
 */
import type { Role } from "#db/schema";

export const PERMISSIONS = {
  "read:manuals": ["admin", "editor", "coordinator", "advisor", "reviewer", "unit_contact"],
  "edit:manuals": ["editor"],
  "admin:users": ["admin"],
  "admin:units": ["admin"],
  "read:national": ["coordinator", "advisor"],
  /** A unit contact's own unit beside the anonymous national distribution (decision 013). */
  "read:national:own-unit": ["unit_contact"],
  "manage:rounds": ["coordinator"],
  /** "Mina granskningar": reviews one is on the team of, or of one's own unit (the coordinator has /rounds). */
  "read:my-reviews": ["reviewer", "unit_contact"],
  /** Calibration of a manual's criteria (decision 009): editors act on it, coordinator and advisor read it. */
  "read:calibration": ["editor", "coordinator", "advisor"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function rolesHavePermission(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
