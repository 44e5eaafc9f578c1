/**
 * Verification findings as `clos diff` sees them: what the change introduces and what it fixes.
 * A finding is a verifier diagnostic (CLOS5xxx, naming a device and, when known, an intent span).
 * Two findings are the same when code, device and message match — never the span, which moves
 * whenever lines are added above it in the intent. Counting is by multiset, so a finding that
 * occurs twice before and three times after is introduced once.
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { compareText } from './compare-output.js';

export type Finding = Diagnostic;

/** The verification settings a build carries in its manifest (`fabric.verify`). */
export interface VerifySettings {
  readonly hopLimit: number;
  readonly failures: number;
}

/** Proves properties of device models; returns its findings. The verifier provides one. */
export type VerifyDevices = (devices: readonly DeviceModel[], settings: VerifySettings) => readonly Finding[];

export interface FindingChanges {
  /** Findings the after side has and the before side has not: the first thing a reviewer reads. */
  readonly introduced: readonly Finding[];
  /** Findings the before side has and the after side has not. */
  readonly fixed: readonly Finding[];
  /** Findings both sides have. */
  readonly unchanged: number;
}

export function findingKey(f: Finding): string {
  return `${f.code}\u0000${f.device ?? ''}\u0000${f.message}`;
}

export function compareFindings(before: readonly Finding[], after: readonly Finding[]): FindingChanges {
  const remaining = new Map<string, number>();
  for (const f of before) remaining.set(findingKey(f), (remaining.get(findingKey(f)) ?? 0) + 1);
  const introduced: Finding[] = [];
  let unchanged = 0;
  for (const f of after) {
    const k = findingKey(f);
    const n = remaining.get(k) ?? 0;
    if (n > 0) {
      remaining.set(k, n - 1);
      unchanged++;
    } else {
      introduced.push(f);
    }
  }
  const fixed: Finding[] = [];
  for (const f of before) {
    const k = findingKey(f);
    const n = remaining.get(k) ?? 0;
    if (n > 0) {
      remaining.set(k, n - 1);
      fixed.push(f);
    }
  }
  return { introduced: sortFindings(introduced), fixed: sortFindings(fixed), unchanged };
}

/** Errors first, then by code, device and message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding): number => (f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);
  return [...findings].sort(
    (a, b) => rank(a) - rank(b) || compareText(a.code, b.code) || compareText(a.device ?? '', b.device ?? '') || compareText(a.message, b.message),
  );
}
