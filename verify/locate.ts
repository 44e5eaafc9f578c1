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
    return createDiagnostic(kind, { span: this.span(place.at), device: place.device, related, hint: place.hint }, ...args);
  }
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
