/**
 * Waiting for the control plane, bounded: every device is read, its checks evaluated against what
 * is expected given the failures; devices whose checks all pass are not read again until a last
 * full round confirms the whole fabric at once. Polls start fast (250 ms) and back off to 2 s, so a
 * small fabric is done in a few rounds and a large one is not flooded with vtysh calls.
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import type { LabCheck } from './check.js';
import { checkControlPlane, listsUnexpectedVteps } from './checks/control-plane.js';
import type { LabContext } from './context.js';
import { mapLimit, sleep } from './exec.js';
import { observeDevice, readFloodLists } from './observe.js';
import type { LabPlan } from './plan.js';
import type { Failures, Topology } from './topology.js';

export interface Convergence {
  readonly converged: boolean;
  readonly seconds: number;
  readonly rounds: number;
  /** The control-plane checks of the last round, every device. */
  readonly checks: readonly LabCheck[];
}

export async function awaitConvergence(
  ctx: LabContext,
  plan: LabPlan,
  topology: Topology,
  failures: Failures,
  timeoutSeconds: number,
  /** After each round: devices not yet as expected, of all, and the first check still failing. */
  onRound?: (pending: number, total: number, waiting: LabCheck | undefined) => void,
): Promise<Convergence> {
  const start = ctx.now();
  const devices = plan.devices
    .map((d) => ({ model: topology.devices.get(d.name), namespace: d.namespace }))
    .filter((d): d is { model: DeviceModel; namespace: string } => d.model !== undefined);
  const latest = new Map<string, LabCheck[]>();
  let pending = devices;
  let confirming = false;
  let rounds = 0;
  let delay = 250;
  for (;;) {
    rounds++;
    const results = await mapLimit(pending, ctx.jobs, async (d) => {
      const seen = await observeDevice(ctx.run, d.model, d.namespace);
      // A VTEP zebra lists that it should not: does the kernel flood to it? (checks/control-plane.ts)
      const obs = listsUnexpectedVteps(topology, failures, d.model, seen) ? { ...seen, floods: await readFloodLists(ctx.run, d.namespace) } : seen;
      const checks = checkControlPlane(topology, failures, d.model, obs);
      latest.set(d.model.name, checks);
      return { d, ok: checks.every((c) => c.status === 'passed') };
    });
    const failing = results.filter((r) => !r.ok).map((r) => r.d);
    const [first] = failing;
    onRound?.(failing.length, devices.length, first === undefined ? undefined : latest.get(first.model.name)?.find((c) => c.status !== 'passed'));
    const elapsed = (ctx.now() - start) / 1000;
    if (failing.length === 0) {
      if (confirming) return done(true);
      // Everything passed at some point; read everything once more, together.
      confirming = true;
      pending = devices;
      continue;
    }
    if (elapsed >= timeoutSeconds) return done(false);
    confirming = false;
    pending = failing;
    await sleep(Math.min(delay, Math.max(0, timeoutSeconds * 1000 - (ctx.now() - start))));
    delay = Math.min(2000, Math.round(delay * 1.5));
  }

  function done(converged: boolean): Convergence {
    const checks = devices.flatMap((d) => latest.get(d.model.name) ?? []);
    return { converged, seconds: Math.round((ctx.now() - start) / 100) / 10, rounds, checks };
  }
}
