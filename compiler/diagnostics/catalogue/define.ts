import type { DiagnosticKind, Severity } from '../diagnostic.js';

/** Declares one catalogue entry. Codes are stable: never reuse or renumber one. */
export function define<A extends readonly unknown[]>(
  code: string,
  severity: Severity,
  name: string,
  format: (...args: A) => string,
): DiagnosticKind<A> {
  return { code, severity, name, format };
}
