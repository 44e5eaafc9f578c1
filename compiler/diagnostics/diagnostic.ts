/**
 * Diagnostics: every user-facing problem is a value of this type, created from an entry of the
 * catalogue (`catalogue.ts`) so its code is stable and greppable. Stages return them; only the CLI
 * prints them.
 */

/** A 1-based position range in one intent file. `file` is relative to the intent root. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

/**
 * `info`: nothing is wrong, but the intent does something a reviewer should hear about (a VRF
 * without a way out, a network stretched by a label). It never fails a check nor counts as a
 * warning.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface RelatedInfo {
  readonly message: string;
  readonly span?: Span;
}

export interface Diagnostic {
  /** Stable code from the catalogue, e.g. `CLOS3004`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where in the intent the problem is; absent only for problems with no source (CLI, build dir). */
  readonly span?: Span;
  /** The device the problem is about, when there is one. */
  readonly device?: string;
  /** Other places that take part: the first definition of a duplicate, the other end of a link. */
  readonly related: readonly RelatedInfo[];
  /** A suggestion: the nearest known name, the fix. */
  readonly hint?: string;
}

/** One catalogue entry: a code, its default severity, a short name, and a message builder. */
export interface DiagnosticKind<A extends readonly unknown[]> {
  readonly code: string;
  readonly severity: Severity;
  readonly name: string;
  readonly format: (...args: A) => string;
}

export interface DiagnosticExtras {
  readonly span?: Span | undefined;
  readonly device?: string | undefined;
  readonly related?: readonly RelatedInfo[] | undefined;
  readonly hint?: string | undefined;
  readonly severity?: Severity | undefined;
}

/** Builds a diagnostic from a catalogue entry. */
export function createDiagnostic<A extends readonly unknown[]>(
  kind: DiagnosticKind<A>,
  extras: DiagnosticExtras,
  ...args: A
): Diagnostic {
  const d: {
    code: string;
    severity: Severity;
    message: string;
    related: readonly RelatedInfo[];
    span?: Span;
    device?: string;
    hint?: string;
  } = {
    code: kind.code,
    severity: extras.severity ?? kind.severity,
    message: kind.format(...args),
    related: extras.related ?? [],
  };
  if (extras.span !== undefined) d.span = extras.span;
  if (extras.device !== undefined) d.device = extras.device;
  if (extras.hint !== undefined) d.hint = extras.hint;
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** A stage result: its value (absent when errors made it impossible) and what it found. */
export interface StageResult<T> {
  readonly value: T | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Sorts diagnostics by file, line, column, then code, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.span?.file ?? '';
  const fb = b.span?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.span?.line ?? 0;
  const lb = b.span?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.span?.col ?? 0;
  const cb = b.span?.col ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** A related location, omitting the span when there is none. */
export function relatedInfo(message: string, span: Span | undefined): RelatedInfo {
  return span === undefined ? { message } : { message, span };
}
