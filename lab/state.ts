/**
 * A lab's state on disk, `/run/clos-lab/<lab>/`: `state.json` (what the lab is and everything it
 * created), `build/` (the compiled files it booted, so later commands test exactly those) and FRR
 * logs. Written before anything is created and updated as `up` goes, so `down` can always clean
 * up, even after a crash. /run is a tmpfs: a reboot, which also removes namespaces, clears it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceModel } from '../compiler/build/device-model.js';
import type { BfdFloor } from './frr-conf.js';
import type { KernelFeatures } from './kernel.js';
import type { Failures } from './topology.js';
import type { LabPlan } from './plan.js';
import type { ExternalInstance, ExternalLink, ExternalRouterPlan, ExternalSubinterface } from './stand-ins.js';
import { isValidLabName } from './names.js';

export const labStateSchema = 'clos.lab/1' as const;

export interface DaemonRecord {
  /** A device, or a stand-in outside the fabric (an external router, a server's BGP agent). */
  readonly device: string;
  readonly daemon: string;
  readonly pid: number;
  /** FRR's path space when it is not the device's namespace (the stand-ins'). */
  readonly pathspace?: string;
}

export interface LabState {
  readonly schema: typeof labStateSchema;
  readonly lab: string;
  readonly fabric: string;
  /** What `lab up` was given: an intent or a build directory. */
  readonly source: string;
  /** `starting` until every daemon runs. */
  readonly status: 'starting' | 'up';
  readonly plan: LabPlan;
  /** fabric.verify.failures from the manifest: 1 when the fabric promises to survive one failure. */
  readonly promisedFailures: number;
  /** The anycast gateway MAC every leaf uses. */
  readonly anycastMac: string | null;
  /** What the kernel the lab runs on offers (lab/kernel.ts). */
  readonly kernel: KernelFeatures;
  /** Set when FRR runs BFD slower than compiled (a VM that emulates its CPU: lab/frr-conf.ts). */
  readonly bfdFloor?: BfdFloor;
  /** Root of the FRR the lab runs (CLOS_LAB_FRR at `up`; `/`: the system's). Older states: the system's. */
  readonly frr?: string;
  /** The version of that FRR's bgpd (`10.3`), read at `up` when servers run BGP agents. */
  readonly frrVersion?: string;
  /**
   * Servers whose BGP agent runs without BFD although its leaf runs BFD towards hosts: the lab's
   * choice when the FRR's bgpd waits for BFD before it connects (lab/frr-install.ts
   * bgpdWaitsForBfd), as the README advises operators. The leaf's BFD sessions to them cannot come up.
   */
  readonly agentsWithoutBfd?: readonly string[];
  readonly daemons: readonly DaemonRecord[];
  readonly failures: Failures;
  /** Seconds each phase of `up` took. */
  readonly timings: Readonly<Record<string, number>>;
}

/** An external router as labs started before routers had BGP instances recorded it: one ASN, in the default instance. */
interface OneAsnRouterPlan {
  readonly name: string;
  readonly asn: number;
  readonly outside: string;
  readonly outsideAddress: string;
  readonly links: readonly (Omit<ExternalLink, 'subinterfaces'> & { readonly subinterfaces: readonly Omit<ExternalSubinterface, 'asn'>[] })[];
}

/** An external router as labs started before routers announced inside the accept lists recorded it. */
interface UnacceptingRouterPlan extends Omit<ExternalRouterPlan, 'instances'> {
  readonly instances: readonly (Omit<ExternalInstance, 'accepted'> & { readonly accepted?: ExternalInstance['accepted'] })[];
}

/**
 * The router with its instances: an older record's one ASN as the default instance, every
 * sub-interface in it; an instance recorded before `accepted` existed announces nothing there.
 */
function withInstances(r: UnacceptingRouterPlan | OneAsnRouterPlan): ExternalRouterPlan {
  if ('instances' in r) return { ...r, instances: r.instances.map((i) => ({ ...i, accepted: i.accepted ?? [] })) };
  return {
    name: r.name,
    instances: [{ asn: r.asn, vrf: null, table: 0, outside: r.outside, outsideAddress: r.outsideAddress, accepted: [] }],
    links: r.links.map((l) => ({ ...l, subinterfaces: l.subinterfaces.map((s) => ({ ...s, asn: r.asn })) })),
  };
}

export class StateStore {
  constructor(readonly root: string) {}

  dir(lab: string): string {
    return join(this.root, lab);
  }

  buildDir(lab: string): string {
    return join(this.dir(lab), 'build');
  }

  logDir(lab: string): string {
    return join(this.dir(lab), 'log');
  }

  /** Labs with a state directory, sorted. */
  list(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && isValidLabName(e.name))
      .map((e) => e.name)
      .sort();
  }

  read(lab: string): { state: LabState } | { error: string } | undefined {
    const file = join(this.dir(lab), 'state.json');
    if (!existsSync(file)) return undefined;
    try {
      const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LabState>;
      if (value.schema !== labStateSchema || value.lab !== lab || value.plan === undefined) return { error: `not a ${labStateSchema} state of lab ${lab}` };
      // A lab started before stand-ins existed has none; `down` must still clean it up.
      const state = value as LabState;
      const plan = state.plan as Partial<LabPlan> & Omit<LabPlan, 'externalRouters' | 'hostSpeakers' | 'hostAgents'>;
      const externalRouters = (plan.externalRouters ?? []).map((r) => ({ ...r, router: withInstances(r.router as UnacceptingRouterPlan | OneAsnRouterPlan) }));
      return { state: { ...state, plan: { ...plan, externalRouters, hostSpeakers: plan.hostSpeakers ?? [], hostAgents: plan.hostAgents ?? [] } } };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * Removes what the lab keeps here (state.json, build/, log/), then the directory if nothing else
   * is left in it: a lab running in a VM has its VM's files beside them (vm/, removed when the VM
   * stops), and inside the VM the directory is a mount point.
   */
  remove(lab: string): void {
    const dir = this.dir(lab);
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name === 'state.json' || name === 'build' || name === 'log' || name.startsWith('.state.json.')) rmSync(join(dir, name), { recursive: true, force: true });
    }
    try {
      rmdirSync(dir);
    } catch {
      // not empty (a VM's files) or a mount point (inside the VM)
    }
  }

  /** Removes the state root when no lab is left in it (it is created on demand). */
  removeRootIfEmpty(): void {
    try {
      if (this.list().length === 0) rmdirSync(this.root);
    } catch {
      // not empty (something that is not a lab) or already gone
    }
  }

  /** Replaces state.json atomically. */
  write(state: LabState): void {
    const dir = this.dir(state.lab);
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.state.json.${process.pid}`);
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(tmp, join(dir, 'state.json'));
  }
}

/** The device models the lab booted, from its copy of the build. */
export function readLabModels(store: StateStore, state: LabState): DeviceModel[] {
  return state.plan.devices.map((d) => JSON.parse(readFileSync(join(store.buildDir(state.lab), d.name, 'model.json'), 'utf8')) as DeviceModel);
}
