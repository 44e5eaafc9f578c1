/**
 * Why a routed probe failed, when the kernel's reverse-path filter says. interfaces.sh now sets
 * no filter on the L3VNI devices (`rp_filter` 0 there, `all` 0), so this names a leaf whose
 * filter was changed by hand or by an older interfaces.sh (which set `rp_filter=2` everywhere): a
 * VRF's L3VNI bridge has no address, so with any filter the kernel accepts a packet
 * arriving on it only when the route back to its source goes over that same bridge (Linux's
 * `__fib_validate_source`: an interface without an address gets no loose-mode pass, only the
 * same-device match). A leaf holds that route as long as zebra installs the VRF's EVPN host
 * routes; a leaf that also carries the source's network and lost them routes the source over its
 * own SVI, and drops the packet — `ip route get <destination> from <source> iif <bridge>` answers
 * "Invalid cross-device link". Seen in the lab's VM on FRR 8.4 after a spine failure, the VRF's
 * table down to its connected routes.
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import { shellQuote, type RunResult, type Runner } from './exec.js';
import { vtyshCommand } from './frr-install.js';

/** One leaf sending a probe's packet over the VRF's L3VNI, and another receiving it there. */
export interface ReversePathProbe {
  /** Which of the probe's packets: the echo request (to the destination's leaf) or the reply. */
  readonly direction: 'request' | 'reply';
  readonly vrf: string;
  /** The packet's source and destination addresses. */
  readonly source: string;
  readonly destination: string;
  /** The leaf that routes the packet, and the one it arrives at: name, namespace and L3VNI bridge of the VRF. */
  readonly sender: LeafEnd;
  readonly receiver: LeafEnd;
  /** The layer-2 VNI of the source's network on the sender, whose ARP entry for the source zebra announces as the host route. */
  readonly sourceVni: number | undefined;
}

interface LeafEnd {
  readonly leaf: string;
  readonly namespace: string;
  readonly bridge: string;
}

function leafEnd(model: DeviceModel, namespace: string, vrf: string): LeafEnd | undefined {
  const bridge = model.linux?.l3vniBridges.find((b) => b.vrf === vrf);
  return bridge === undefined ? undefined : { leaf: model.name, namespace, bridge: bridge.name };
}

/** The check of a packet from `source` to `destination` in `vrf`, routed by `sender` to `receiver` (leaf models in their namespaces). */
export function reversePathProbe(
  sender: { readonly model: DeviceModel; readonly namespace: string },
  receiver: { readonly model: DeviceModel; readonly namespace: string },
  vrf: string,
  direction: 'request' | 'reply',
  source: { readonly address: string; readonly network: string },
  destination: string,
): ReversePathProbe | undefined {
  const from = leafEnd(sender.model, sender.namespace, vrf);
  const to = leafEnd(receiver.model, receiver.namespace, vrf);
  const sourceVni = sender.model.vlans.find((v) => v.network === source.network)?.vni ?? undefined;
  return from === undefined || to === undefined ? undefined : { direction, vrf, source: source.address, destination, sender: from, receiver: to, sourceVni };
}

/**
 * Judged from the sender's `ip route get <destination> vrf <vrf>` (the packet goes over its L3VNI
 * bridge, or the check says nothing), the receiver's `ip route get <destination> from <source> iif
 * <bridge>` (refused: "Invalid cross-device link") and `ip route get <source> vrf <vrf>` (where its
 * route back goes), and the sender's zebra on the source's ARP entry (`show evpn arp-cache vni <vni>
 * ip <source> json`: FRR announces the host route only for an active local entry). Undefined
 * unless the receiver drops the packet.
 */
export function judgeReversePath(p: ReversePathProbe, senderRoute: string, receiverGet: string, receiverBack: string, senderArp = ''): string | undefined {
  if (devOf(senderRoute) !== p.sender.bridge || !receiverGet.includes('Invalid cross-device link')) return undefined;
  const back = devOf(receiverBack);
  const { leaf, bridge } = p.receiver;
  const which = p.direction === 'request' ? 'the destination leaf' : 'the source leaf';
  const via = back === undefined ? `has no route back to ${p.source}` : `routes ${p.source} over ${back}, not over ${bridge}`;
  return `${leaf}, ${which}, drops the ${p.direction} from ${p.source} that ${p.sender.leaf} routes to it over VRF ${p.vrf}'s L3VNI, by reverse-path filtering: it arrives on ${bridge}, which has no address, and ${leaf} ${via} (the VRF's EVPN host route for ${p.source} is missing${announcement(p, senderArp)})`;
}

/** Why the sender announces no host route for the source, when its zebra says. */
function announcement(p: ReversePathProbe, senderArp: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(senderArp);
  } catch {
    return '';
  }
  if (parsed === null || typeof parsed !== 'object' || p.sourceVni === undefined) return '';
  const entry = parsed as { readonly localInactive?: unknown; readonly type?: unknown };
  if (entry.type === undefined) return `: ${p.sender.leaf}'s zebra has no ARP entry for ${p.source} in VNI ${p.sourceVni}, so it announces none`;
  if (entry.localInactive === true) return `: ${p.sender.leaf}'s zebra holds its ARP entry for ${p.source} in VNI ${p.sourceVni} as local-inactive, and announces no route for an inactive entry`;
  return '';
}

/** The device an `ip route get` answer routes over (its `dev`). */
export function devOf(routeGet: string): string | undefined {
  return /\bdev (\S+)/.exec(routeGet)?.[1];
}

export async function checkReversePath(run: Runner, p: ReversePathProbe): Promise<string | undefined> {
  const inNamespace = (namespace: string, command: string): Promise<RunResult> => run('ip', ['netns', 'exec', namespace, 'sh', '-c', `${command} 2>&1`]);
  const sent = await inNamespace(p.sender.namespace, `ip route get ${shellQuote(p.destination)} vrf ${shellQuote(p.vrf)}`);
  if (devOf(sent.stdout) !== p.sender.bridge) return undefined;
  const got = await inNamespace(p.receiver.namespace, `ip route get ${shellQuote(p.destination)} from ${shellQuote(p.source)} iif ${shellQuote(p.receiver.bridge)}`);
  if (!got.stdout.includes('Invalid cross-device link')) return undefined;
  const back = await inNamespace(p.receiver.namespace, `ip route get ${shellQuote(p.source)} vrf ${shellQuote(p.vrf)}`);
  const arp = p.sourceVni === undefined ? undefined : await run(...vtyshCommand(['-N', p.sender.namespace, '-c', `show evpn arp-cache vni ${p.sourceVni} ip ${p.source} json`]), { timeoutMs: 30_000 });
  return judgeReversePath(p, sent.stdout, got.stdout, back.stdout, arp?.code === 0 ? arp.stdout : '');
}
