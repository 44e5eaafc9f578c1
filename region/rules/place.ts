/** Diagnostics at a Place of a fabric: a span in its intent, or a device of its models. */
import { createDiagnostic, relatedInfo, type Diagnostic, type DiagnosticKind, type RelatedInfo } from '../../compiler/diagnostics/diagnostic.js';
import type { FabricFacts, Place } from '../region-model.js';

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
