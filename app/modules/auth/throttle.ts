/**
 * Sign-in throttling policy (pure). Failed attempts are counted in a sliding window, per
 * account and per client IP; an account's count restarts after a successful sign-in.
 */
export const THROTTLE_POLICY = {
  windowMinutes: 15,
  /** Failures for one account within the window before further attempts are refused. */
  maxAccountFailures: 5,
  /** Failures from one IP within the window (many accounts: password spraying). */
  maxIpFailures: 30,
} as const;

export interface FailureCounts {
  accountFailures: number;
  ipFailures: number;
}

export function isThrottled(counts: FailureCounts, policy = THROTTLE_POLICY): boolean {
  return counts.accountFailures >= policy.maxAccountFailures || counts.ipFailures >= policy.maxIpFailures;
}

export function windowStart(now: Date, policy = THROTTLE_POLICY): string {
  return new Date(now.getTime() - policy.windowMinutes * 60_000).toISOString();
}
