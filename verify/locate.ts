/**
 * Turns verifier findings into catalogue diagnostics. A finding names entities by the provenance
 * keys of the resolve stage (`leaf:<name>`, `link:<leaf>:<spine>`, `network:<name>.mtu`, …); when the
 * verifier runs on an intent, the first key with a known span gives the finding its file:line:col.
 * On a build directory there is no provenance and findings name devices only.
 */
import { createDiagnostic, relatedInfo, type Diagnostic, type DiagnosticKind, type RelatedInfo, type Span } from '../compiler/diagnostics/diagnostic.js';
import type { Provenance } from '../compiler/resolve/fabric-model.js';

export interface FindingPlace {
  /** The device the finding is about. */
  readonly device?: string | undefined;
  /** Provenance keys, most specific first; the first one known gives the span. */
  readonly at?: readonly string[];
  /** Other places; `optional` ones are dropped when they have no span (they only point). */
  readonly related?: readonly { readonly message: string; readonly at?: readonly string[]; readonly optional?: boolean }[];
  readonly hint?: string | undefined;
}

export class Locator {
  constructor(private readonly provenance: Provenance | undefined) {}

  get hasProvenance(): boolean {
    return this.provenance !== undefined;
  }

  span(keys: readonly string[] | undefined): Span | undefined {
    if (this.provenance === undefined || keys === undefined) return undefined;
    for (const k of keys) {
      const s = this.provenance.get(k);
      if (s !== undefined) return s;
    }
    return undefined;
  }

  diagnostic<A extends readonly unknown[]>(kind: DiagnosticKind<A>, place: FindingPlace, ...args: A): Diagnostic {
    const related: RelatedInfo[] = [];
    for (const r of place.related ?? []) {
      const span = this.span(r.at);
      if (span === undefined && r.optional === true) continue;
      related.push(relatedInfo(r.message, span));
    }
    const keys = place.at;
    if (this.provenance === undefined || keys === undefined || keys.length === 0) return createDiagnostic(kind, { device: place.device, related, hint: place.hint }, ...args);
    return lazySpan(createDiagnostic(kind, { span: pending, device: place.device, related, hint: place.hint }, ...args), () => this.span(keys));
  }
}

/** Stands for the span while the diagnostic is made, so that `span` keeps its place among the keys. */
const pending: Span = { file: '', line: 0, col: 0, endLine: 0, endCol: 0 };

/**
 * The diagnostic with its span found when first read. The first question to the provenance indexes
 * every place the intent remembers and may parse a YAML file again for positions (0.4–0.5 s on the
 * scale target); a compile prints no information finding, so it need not locate them. The span is
 * the same whenever it is read: the provenance does not change after resolve. A span that turns
 * out absent leaves no `span` key, as createDiagnostic does.
 */
function lazySpan(d: Diagnostic, find: () => Span | undefined): Diagnostic {
  Object.defineProperty(d, 'span', {
    configurable: true,
    enumerable: true,
    get(): Span | undefined {
      const span = find();
      if (span === undefined) Reflect.deleteProperty(d, 'span');
      else Object.defineProperty(d, 'span', { value: span, enumerable: true, configurable: true, writable: false });
      return span;
    },
  });
  return d;
}

/** `a, b and c` / `a, b, c and 7 more`. */
export function listNames(names: readonly string[], max = 4, quote = true): string {
  const q = (n: string): string => (quote ? `'${n}'` : n);
  if (names.length === 0) return '';
  if (names.length === 1) return q(names[0] ?? '');
  if (names.length <= max) return `${names.slice(0, -1).map(q).join(', ')} and ${q(names.at(-1) ?? '')}`;
  return `${names.slice(0, max).map(q).join(', ')} and ${names.length - max} more`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
