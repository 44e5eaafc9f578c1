/**
 * Codes that shipped and were withdrawn. A code is never reused: the catalogue test proves no live
 * entry takes one of these, and docs/diagnostics.md lists each under "Retired codes" with the
 * reason, so a user who finds one in an old CI log learns what became of it.
 */
export interface RetiredCode {
  readonly code: string;
  readonly name: string;
  /** Why it went, and what replaced it. */
  readonly reason: string;
}

export const retiredCodes: readonly RetiredCode[] = [
  {
    code: 'CLOS3043',
    name: 'multihoming-unsupported',
    reason: 'a server attached to two leaves is now a dual-homed server (servers[].bond, EVPN multihoming); its rules are CLOS3100-CLOS3104',
  },
];
