/** Diagnostics at a Place of a fabric: a span in its intent, or a device of its models. */
import { createDiagnostic, relatedInfo, type Diagnostic, type DiagnosticKind, type RelatedInfo } from '../../compiler/diagnostics/diagnostic.js';
import { describeOwned } from '../owned-prefixes.js';
import type { FabricFacts, OwnedPrefix, Place } from '../region-model.js';

/** How messages name a fabric: `'az1'`, or `'az1' (az2/)` when its directory has another name. */
export function fabricLabel(f: FabricFacts): string {
  return f.dir === f.name ? `'${f.name}'` : `'${f.name}' (${f.dir}/)`;
}

/** A diagnostic at a place. */
export function reportAt<A extends readonly unknown[]>(kind: DiagnosticKind<A>, place: Place, extras: { related?: readonly RelatedInfo[]; hint?: string }, ...args: A): Diagnostic {
  return createDiagnostic(kind, { span: place.span, device: place.device, related: extras.related, hint: extras.hint }, ...args);
}

/** A related place: its span, or the device named in the message. */
export function relatedAt(message: string, place: Place): RelatedInfo {
  return relatedInfo(place.span === undefined && place.device !== undefined ? `${message} [${place.device}]` : message, place.span);
}

/** Something of a fabric, with where it is (`key` for FabricFacts.at()). */
export interface Keyed<T> {
  readonly fabric: FabricFacts;
  readonly value: T;
  readonly key: string;
}

/**
 * Each value a fabric has that an earlier fabric (in the region's order) had first: the later
 * one, with the first. A value repeated within one fabric is no clash here (that is the fabric's
 * own rule, or a hand edit the fabric's verifier judges).
 */
export function clashesAcross<T>(fabrics: readonly FabricFacts[], valuesOf: (f: FabricFacts) => readonly { readonly value: T; readonly key: string }[]): { later: Keyed<T>; first: Keyed<T> }[] {
  const out: { later: Keyed<T>; first: Keyed<T> }[] = [];
  const first = new Map<T, Keyed<T>>();
  for (const fabric of fabrics) {
    for (const { value, key } of valuesOf(fabric)) {
      const earlier = first.get(value);
      if (earlier === undefined) first.set(value, { fabric, value, key });
      else if (earlier.fabric !== fabric) out.push({ later: { fabric, value, key }, first: earlier });
    }
  }
  return out;
}

/** Related places listed per diagnostic; the rest are counted. */
const relatedLimit = 5;

/**
 * Prefixes of other fabrics a diagnostic names, sorted by fabric (region order) and address: one
 * as `tenant subnet 10.2.10.0/24 (network web, VRF ota/prod) of fabric 'az2'`, several as `3
 * prefixes of fabrics 'az2' and 'az3'`; each a related place, the first five listed.
 */
export function describeOwnedAcross(partners: readonly { readonly owned: OwnedPrefix; readonly of: FabricFacts; readonly fabric: number }[]): { text: string; related: RelatedInfo[] } {
  const sorted = [...partners].sort((a, b) => a.fabric - b.fabric || a.owned.prefix.base - b.owned.prefix.base || a.owned.prefix.length - b.owned.prefix.length);
  const describe = (e: { owned: OwnedPrefix; of: FabricFacts }): string => `${describeOwned(e.owned)} of fabric ${fabricLabel(e.of)}`;
  let text: string;
  const only = sorted[0];
  if (sorted.length === 1 && only !== undefined) {
    text = describe(only);
  } else {
    const names = [...new Set(sorted.map((p) => fabricLabel(p.of)))];
    text = `${sorted.length} prefixes of fabric${names.length === 1 ? '' : 's'} ${names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`}`;
  }
  const related: RelatedInfo[] = sorted.slice(0, relatedLimit).map((p) => relatedAt(describe(p), p.of.at(p.owned.key)));
  if (sorted.length > relatedLimit) related.push({ message: `and ${sorted.length - relatedLimit} more` });
  return { text, related };
}
