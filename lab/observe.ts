/**
 * Reading a device's control plane: one `vtysh` call per device and poll (vtysh's start-up is most
 * of its cost), whose concatenated JSON documents are split apart again. vtysh talks to the
 * daemons over their path space's Unix sockets, so no namespace needs entering. Beside it, on a
 * leaf, what the kernel forwards with, from its namespace: the routes bgpd installed and the VXLAN
 * devices' flood lists.
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import { describeFailure, type Runner } from './exec.js';
import {
  parseBfdPeers,
  parseBgpNeighbors,
  parseEvpnVnis,
  parseFloodLists,
  parseKernelRoutes,
  type BfdPeerState,
  type BgpNeighborState,
  type KernelNexthop,
  type Parsed,
  type VniState,
} from './frr-json.js';
import { vtyshCommand } from './frr-install.js';

export interface DeviceObservation {
  readonly device: string;
  readonly neighbors: Parsed<ReadonlyMap<string, BgpNeighborState>>;
  /**
   * Leaves only: the kernel's routes from bgpd (`ip -j -4 route show proto bgp` in the device's
   * namespace), by prefix. The kernel's, not FRR's `fib` flags: FRR 10.3 leaves the flag off a next
   * hop it installed when a route has duplicate next hops (checks/outside.ts, kernelDefaults).
   */
  readonly routes: Parsed<ReadonlyMap<string, readonly KernelNexthop[]>> | null;
  /** Devices with BFD only. */
  readonly bfd: Parsed<readonly BfdPeerState[]> | null;
  /** Leaves with VNIs only. */
  readonly vnis: Parsed<ReadonlyMap<number, VniState>> | null;
  /**
   * The kernel's flood list of each VXLAN device (`bridge -j fdb show` in the device's namespace),
   * which tells a remote VTEP zebra replicates to from one it only keeps for a MAC/IP route
   * (checks/control-plane.ts, checkVnis). Null unless read: converge.ts reads it (readFloodLists)
   * only for a leaf whose zebra lists a VTEP it should not: the whole forwarding table is large
   * (45–50 KB of JSON per dc1 leaf) and that case is rare.
   */
  readonly floods: Parsed<ReadonlyMap<string, readonly string[]>> | null;
}

type Query = 'neighbors' | 'bfd' | 'vnis';

const commands: Record<Query, string> = {
  neighbors: 'show bgp neighbors json',
  bfd: 'show bfd peers json',
  vnis: 'show evpn vni detail json',
};

/** The kernel's routes from bgpd and its flood lists, as a failed query names them. */
export const kernelRouteCommand = 'ip -j -4 route show proto bgp';
export const floodCommand = 'bridge -j fdb show';

/** The queries a device answers, in the order they are sent; the one that may print nothing last. */
export function queriesFor(model: DeviceModel): Query[] {
  const q: Query[] = ['neighbors'];
  if (model.bfd !== null) q.push('bfd');
  if ((model.vxlan?.l2vnis.length ?? 0) > 0) q.push('vnis');
  return q;
}

/** `pathspace` is also the device's network namespace. */
export async function observeDevice(run: Runner, model: DeviceModel, pathspace: string): Promise<DeviceObservation> {
  const queries = queriesFor(model);
  const args = ['-N', pathspace];
  for (const q of queries) args.push('-c', commands[q]);
  const [result, kernelRoutes] = await Promise.all([
    run(...vtyshCommand(args), { timeoutMs: 30_000 }),
    model.role === 'leaf' ? readKernel(run, 'ip', ['-n', pathspace, '-j', '-4', 'route', 'show', 'proto', 'bgp'], kernelRouteCommand, parseKernelRoutes) : undefined,
  ]);
  let texts: (string | { error: string })[] | undefined;
  if (result.code === 0) {
    const parts = splitJsonDocuments(result.stdout);
    if (parts.length === queries.length) texts = parts;
  }
  if (texts === undefined) {
    // One command printed nothing (a leaf whose zebra knows no VNI) or vtysh failed: ask one by one.
    texts = [];
    for (const q of queries) {
      const single = await run(...vtyshCommand(['-N', pathspace, '-c', commands[q]]), { timeoutMs: 30_000 });
      texts.push(single.code === 0 ? single.stdout : { error: describeFailure(`vtysh -c '${commands[q]}'`, single) });
    }
  }
  const answers = texts;
  const read = <T>(q: Query, parse: (text: string) => Parsed<T>): Parsed<T> => {
    const answer = answers[queries.indexOf(q)];
    if (answer === undefined) return { error: 'no output' };
    return typeof answer === 'string' ? parse(answer) : answer;
  };
  return {
    device: model.name,
    neighbors: read('neighbors', parseBgpNeighbors),
    routes: kernelRoutes ?? null,
    bfd: queries.includes('bfd') ? read('bfd', parseBfdPeers) : null,
    vnis: queries.includes('vnis') ? read('vnis', parseEvpnVnis) : null,
    floods: null,
  };
}

/** The kernel's flood lists of a leaf (DeviceObservation.floods). */
export function readFloodLists(run: Runner, pathspace: string): Promise<Parsed<ReadonlyMap<string, readonly string[]>>> {
  // A leaf's table is never empty (its bridge's own entries): no output is a dump that went wrong.
  return readKernel(run, 'bridge', ['-n', pathspace, '-j', 'fdb', 'show'], floodCommand, (text) => (text.trim() === '' ? { error: 'no output' } : parseFloodLists(text)));
}

/**
 * A kernel table read as JSON in a device's namespace, parsed; `command` names it when it fails.
 * Asked once: the dumps that once came back empty or cut short were exec.ts's runProcess giving up
 * on the pipes too early, not the kernel's doing (fixed there).
 */
export async function readKernel<T>(run: Runner, program: string, args: readonly string[], command: string, parse: (text: string) => Parsed<T>, timeoutMs = 30_000): Promise<Parsed<T>> {
  const r = await run(program, args, { timeoutMs });
  return r.code === 0 ? parse(r.stdout) : { error: describeFailure(command, r) };
}

/** Splits text holding JSON documents back to back (`{…}\n[…]\n`) into the documents. */
export function splitJsonDocuments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push(text.slice(start, i + 1));
        start = -1;
      }
      if (depth < 0) return [];
    }
  }
  return depth === 0 ? out : [];
}
