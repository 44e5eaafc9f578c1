/** Shared state of one resolve run: the intent's source index, diagnostics, provenance. */
import { createDiagnostic, relatedInfo, type Diagnostic, type DiagnosticKind, type RelatedInfo, type Span } from '../diagnostics/diagnostic.js';
import type { SourceIndex } from '../load/source-index.js';
import { suggest } from '../load/suggest.js';

/**
 * A span, or how to find it: hot paths of a valid intent pass a function, so positions are
 * computed only when a diagnostic is reported (a plain-YAML file has no syntax tree until then).
 */
export type SpanLike = Span | undefined | (() => Span | undefined);

function spanOf(span: SpanLike): Span | undefined {
  return typeof span === 'function' ? span() : span;
}

export class ResolveContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly provenance = new LazyProvenance();

  constructor(readonly index: SourceIndex) {}

  /** Span of a key of an intent object (or of the object when the key is absent). */
  keySpan(obj: object, key: string): Span | undefined {
    return this.index.keySpan(obj, key);
  }

  /** Span of a value of an intent object (its key when absent, the object as last resort). */
  at(obj: object, key?: string | number): Span | undefined {
    return key === undefined ? this.index.span(obj) : this.index.valueSpan(obj, key);
  }

  report<A extends readonly unknown[]>(
    kind: DiagnosticKind<A>,
    where: { span: SpanLike; related?: readonly RelatedInfo[]; hint?: string | undefined; device?: string },
    ...args: A
  ): void {
    this.diagnostics.push(createDiagnostic(kind, { ...where, span: spanOf(where.span) }, ...args));
  }

  related(message: string, span: SpanLike): RelatedInfo {
    return relatedInfo(message, spanOf(span));
  }

  /** `did you mean 'x'?` for the nearest candidate, when close. */
  suggest(name: string, candidates: Iterable<string>): string | undefined {
    return suggest(name, [...candidates]);
  }

  /** Records where an entity came from: the first place remembered for `key` that has a span. */
  remember(key: string, span: () => Span | undefined): void {
    this.provenance.add(key, span);
  }
}

/**
 * Provenance whose spans are computed when first asked for. A valid intent's compile never asks
 * (only diagnostics do), and a thousand-leaf fabric remembers ~60,000 places: computing their spans
 * eagerly cost ~0.1 s, and needs the YAML syntax tree a plain-YAML file does not have until it is
 * parsed again (load/plain-yaml.ts).
 */
class LazyProvenance {
  private readonly places = new Map<string, (() => Span | undefined) | (() => Span | undefined)[]>();
  private readonly found = new Map<string, Span | undefined>();

  add(key: string, span: () => Span | undefined): void {
    const known = this.places.get(key);
    if (known === undefined) this.places.set(key, span);
    else if (Array.isArray(known)) known.push(span);
    else this.places.set(key, [known, span]);
  }

  get(key: string): Span | undefined {
    if (this.found.has(key)) return this.found.get(key);
    const places = this.places.get(key);
    let span: Span | undefined;
    for (const place of places === undefined ? [] : Array.isArray(places) ? places : [places]) {
      span = place();
      if (span !== undefined) break;
    }
    this.found.set(key, span);
    return span;
  }
}

/**
 * Natural order for names with numbers (leaf2 < leaf10, Ethernet1/2 < Ethernet1/10), by code
 * points otherwise: no locale, so every machine sorts alike.
 */
export function compareNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      let ej = j;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      // The two numbers without leading zeros (one zero stays): the longer is larger, and
      // digits of equal length compare as text. No substrings: builds sort by this a lot.
      let si = i;
      let sj = j;
      while (si < ei - 1 && a.charCodeAt(si) === 48) si++;
      while (sj < ej - 1 && b.charCodeAt(sj) === 48) sj++;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d < 0 ? -1 : 1;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  if (a.length - i !== b.length - j) return a.length - i - (b.length - j);
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return compareNatural(a.name, b.name);
}

export function byId<T extends { readonly id: number; readonly name: string }>(a: T, b: T): number {
  return a.id - b.id || compareNatural(a.name, b.name);
}
