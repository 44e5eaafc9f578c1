/**
 * What the kernel offers the lab, probed in a throw-away namespace (never in the host's own): VRF
 * devices and 802.1Q VLAN devices. Kernels built without them (like small VM kernels) still run
 * the fabric, with the checks that need them reported as not run.
 */
import type { DataPlane } from './plan.js';
import type { Runner } from './exec.js';

export interface KernelProbe {
  readonly dataPlane: DataPlane;
  /** What each probe answered, for the report. */
  readonly detail: { readonly vrf: string; readonly dot1q: string };
}

export async function probeKernel(run: Runner, namespace: string): Promise<KernelProbe> {
  await run('ip', ['netns', 'del', namespace]);
  const added = await run('ip', ['netns', 'add', namespace]);
  if (added.code !== 0) throw new Error(`cannot create probe namespace ${namespace}: ${added.stderr.trim()}`);
  try {
    const vrf = await run('ip', ['-n', namespace, 'link', 'add', 'probe-vrf', 'type', 'vrf', 'table', '4242']);
    await run('ip', ['-n', namespace, 'link', 'add', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1']);
    const vlan = await run('ip', ['-n', namespace, 'link', 'add', 'link', 'probe0', 'name', 'probe0.42', 'type', 'vlan', 'id', '42']);
    return {
      dataPlane: { vrf: vrf.code === 0, dot1q: vlan.code === 0 },
      detail: { vrf: answer(vrf.code, vrf.stderr), dot1q: answer(vlan.code, vlan.stderr) },
    };
  } finally {
    await run('ip', ['netns', 'del', namespace]);
  }
}

function answer(code: number | null, stderr: string): string {
  return code === 0 ? 'supported' : stderr.trim().split('\n')[0] ?? 'failed';
}
