/**
 * Where a lab runs: on the host's kernel (network namespaces here), or in the lab's VM (the same
 * namespaces inside a small VM with a distribution kernel). The checks are the same code either
 * way; only this choice knows there are two. Pure.
 */

export type RuntimeChoice =
  | { readonly runtime: 'host'; readonly note?: string }
  | { readonly runtime: 'vm'; readonly note: string }
  | { readonly runtime: 'unavailable'; readonly missing: string };

export interface RuntimeFacts {
  /** `--vm` (true), `--no-vm` (false), or neither. */
  readonly flag: boolean | undefined;
  /** Features the host's kernel lacks (`VRF`, `802.1Q`…); empty when it has them all. */
  readonly missingFeatures: readonly string[];
  /** What the VM would need and the machine lacks; empty when the VM can boot. */
  readonly vmMissing: readonly string[];
}

export function chooseRuntime(f: RuntimeFacts): RuntimeChoice {
  if (f.flag === false) return { runtime: 'host' };
  if (f.flag === true) return f.vmMissing.length === 0 ? { runtime: 'vm', note: 'running the lab in a VM (--vm)' } : { runtime: 'unavailable', missing: f.vmMissing.join('; ') };
  if (f.missingFeatures.length === 0) return { runtime: 'host' };
  const lacks = `this kernel has no ${joinAnd(f.missingFeatures)} devices`;
  if (f.vmMissing.length === 0) return { runtime: 'vm', note: `${lacks}: running the lab in a VM with a kernel that has them (--no-vm runs it here, with fallbacks)` };
  return { runtime: 'host', note: `${lacks}, and no VM can boot here (${f.vmMissing.join('; ')}): running the lab on this kernel with fallbacks` };
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}
