/**
 * What the kernel offers the lab, probed in a throw-away namespace (never in the host's own): VRF
 * devices, 802.1Q VLAN devices, bonding and vlan-filtering bridges. Kernels without them (like
 * small VM kernels) still run the fabric, with the checks that need them reported as not run; a
 * kernel that lacks any of them makes `clos lab up` boot the lab's VM when it can (lab/vm/).
 */
import type { DataPlane } from './plan.js';
import type { Runner } from './exec.js';

/** Each feature: `supported`, or the kernel's first line of complaint. */
export interface KernelFeatures {
  readonly vrf: string;
  readonly dot1q: string;
  readonly bond: string;
  readonly vlanFiltering: string;
}

export interface KernelProbe {
  readonly dataPlane: DataPlane;
  /** What each probe answered, for the report. */
  readonly detail: KernelFeatures;
}

export const featureNames: Readonly<Record<keyof KernelFeatures, string>> = {
  vrf: 'VRF',
  dot1q: '802.1Q',
  bond: 'bonding',
  vlanFiltering: 'vlan-filtering bridge',
};

export async function probeKernel(run: Runner, namespace: string): Promise<KernelProbe> {
  await run('ip', ['netns', 'del', namespace]);
  const added = await run('ip', ['netns', 'add', namespace]);
  if (added.code !== 0) throw new Error(`cannot create probe namespace ${namespace}: ${added.stderr.trim()}`);
  try {
    const ip = (...args: string[]): ReturnType<Runner> => run('ip', ['-n', namespace, 'link', 'add', ...args]);
    const vrf = await ip('name', 'probe-vrf', 'type', 'vrf', 'table', '4242');
    await ip('name', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1');
    const vlan = await ip('name', 'probe0.42', 'link', 'probe0', 'type', 'vlan', 'id', '42');
    const bond = await ip('name', 'probe-bond', 'type', 'bond', 'mode', '802.3ad');
    const filtering = await ip('name', 'probe-br', 'type', 'bridge', 'vlan_filtering', '1');
    // Protodown, as zebra sets it on a segment's member ports: a veth refuses it ("Protodown not
    // supported by device", Linux 6.1), a macvlan in passthru mode on the veth takes it. Such a
    // port also needs the filter that keeps it from handing the leaf frames for others
    // (portFilterBatch), so a kernel without tc's clsact, flower or skbedit gets plain veths.
    const macvlan = await ip('link', 'probe1', 'name', 'probe-mv', 'type', 'macvlan', 'mode', 'passthru');
    const protodown = macvlan.code === 0 ? await run('ip', ['-n', namespace, 'link', 'set', 'probe-mv', 'protodown', 'on']) : macvlan;
    const filtered = protodown.code === 0 ? await run('tc', ['-n', namespace, '-batch', '-'], { input: portFilterBatch(['probe-mv']) }) : protodown;
    return {
      dataPlane: { vrf: vrf.code === 0, dot1q: vlan.code === 0, protodown: filtered.code === 0 },
      detail: { vrf: answer(vrf.code, vrf.stderr), dot1q: answer(vlan.code, vlan.stderr), bond: answer(bond.code, bond.stderr), vlanFiltering: answer(filtering.code, filtering.stderr) },
    };
  } finally {
    await run('ip', ['netns', 'del', namespace]);
  }
}

/** The features the kernel lacks, by name (`VRF`, `802.1Q`…); empty when it has them all. */
export function missingFeatures(detail: KernelFeatures): string[] {
  return (Object.keys(featureNames) as (keyof KernelFeatures)[]).filter((k) => detail[k] !== 'supported').map((k) => featureNames[k]);
}

/**
 * `tc -batch` input for segment member ports (macvlans in passthru mode): every unicast frame a
 * port receives is marked as for another host, as a veth's own receive path marks it. A passthru
 * macvlan marks every frame it receives as for this host (Linux's macvlan_handle_frame), and the
 * bridge hands the leaf a copy of each frame it forwards while the bridge is promiscuous (as it is
 * with the anycast gateway's macvlan), so the leaf also routed frames meant for its rack peer:
 * pings came back twice, and a server's TTL-1 BGP connection to the peer died on the copy's "time
 * exceeded" (the bonded BGP host's session stayed Active for minutes). Frames for the leaf's own
 * MACs still reach it: its VLAN devices and gateway macvlans claim their own addresses.
 */
export function portFilterBatch(ports: readonly string[]): string {
  return ports
    .map((p) => `qdisc add dev ${p} clsact\nfilter add dev ${p} ingress pref 10 protocol all flower dst_mac 00:00:00:00:00:00/01:00:00:00:00:00 action skbedit ptype otherhost\n`)
    .join('');
}

function answer(code: number | null, stderr: string): string {
  return code === 0 ? 'supported' : stderr.trim().split('\n')[0] ?? 'failed';
}
