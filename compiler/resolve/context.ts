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
  readonly provenance = new LazyProvenance((obj, key) => this.at(obj, key));

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

  /**
   * remember() for the many entities of a large intent: the key is `a + b + c + d` and the place
   * is `at(holder, field)`, stored as they are. Neither the key nor a function is made unless a
   * diagnostic asks (see LazyProvenance).
   */
  rememberAt(key: readonly [a: string, b: string, c?: string, d?: string], holder: object, field?: string | number): void {
    this.provenance.addAt(key[0], key[1], key[2] ?? '', key[3] ?? '', holder, field);
  }
}

/**
 * Provenance whose spans are computed when first asked for. A valid intent's compile never asks
 * (only diagnostics do), and a thousand-leaf fabric remembers ~85,000 places: computing their spans
 * eagerly cost ~0.1 s, and needs the YAML syntax tree a plain-YAML file does not have until it is
 * parsed again (load/plain-yaml.ts). Most places are stored as the parts of their key, the intent
 * object and the field (addAt): making a key string and a function for each, and keeping them, was
 * another 0.1 s of the resolve stage, most of it the collector copying them (bench/PROFILE.md,
 * round 3). The keys are joined, and indexed, on the first question.
 */
class LazyProvenance {
  /** Per place, in the order remembered: four key parts, then the holder and field or a function. */
  private readonly parts: string[] = [];
  private readonly holders: (object | (() => Span | undefined))[] = [];
  private readonly fields: (string | number | undefined)[] = [];
  private index: Map<string, number[]> | undefined;
  private readonly found = new Map<string, Span | undefined>();

  constructor(private readonly at: (obj: object, key?: string | number) => Span | undefined) {}

  add(key: string, span: () => Span | undefined): void {
    this.addAt(key, '', '', '', span, undefined);
  }

  addAt(a: string, b: string, c: string, d: string, holder: object | (() => Span | undefined), field: string | number | undefined): void {
    const place = this.holders.length;
    this.parts.push(a, b, c, d);
    this.holders.push(holder);
    this.fields.push(field);
    if (this.index !== undefined) push(this.index, a + b + c + d, place);
  }

  get(key: string): Span | undefined {
    if (this.found.has(key)) return this.found.get(key);
    if (this.index === undefined) {
      this.index = new Map();
      const p = this.parts;
      for (let i = 0; i < this.holders.length; i++) push(this.index, `${p[4 * i] ?? ''}${p[4 * i + 1] ?? ''}${p[4 * i + 2] ?? ''}${p[4 * i + 3] ?? ''}`, i);
    }
    let span: Span | undefined;
    for (const place of this.index.get(key) ?? []) {
      const holder = this.holders[place];
      if (holder === undefined) continue;
      span = typeof holder === 'function' ? (holder as () => Span | undefined)() : this.at(holder, this.fields[place]);
      if (span !== undefined) break;
    }
    this.found.set(key, span);
    return span;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
