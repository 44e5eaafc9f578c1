/**
 * `clos lab up`: boots a build in network namespaces. Stale state of the same lab is removed
 * first; state.json is written before the first namespace exists and after every phase, so `down`
 * can clean up whatever happened.
 *
 * Phases, each as parallel as is safe: namespaces and veth pairs in one `ip -batch` each (one
 * process for the whole fabric); hosts (addresses, routes) one `ip -batch` per server; each
 * device's interfaces.sh; FRR per device. Leaves run interfaces.sh with CLOS_WITHOUT_VRF=1 on
 * kernels without VRF devices, and then get `net.ipv4.ip_forward=0`: their gateways stay in the
 * main table, where forwarding would route between every tenant's subnets; leaves never transit
 * underlay traffic in a Clos (eBGP loop prevention), so nothing else needs it.
 *
 * Stand-ins for what lies outside (lab/stand-ins.ts) come last: each external router's namespace
 * gets its addresses and forwards (it is where tenants meet), each BGP-speaking server its pod
 * address on the loopback; their FRR starts only on kernels with VRF devices, since the border's
 * and the leaf's end of their sessions live in VRFs.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LabDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import type { LabBuild } from './build-input.js';
import type { LabContext } from './context.js';
import { labDown } from './down.js';
import { describeFailure, mapLimit, shellQuote } from './exec.js';
import { labFrrConf, raiseBfdTimers, type BfdFloor } from './frr-conf.js';
import { prepareFrrDirs, startFrr } from './frr-daemons.js';
import { portFilterBatch, probeKernel, type KernelProbe } from './kernel.js';
import { labPrefix } from './names.js';
import { hostBatch, planLab, type DataPlane, type LabPlan, type VethEnd } from './plan.js';
import { agentsWithoutBfd, externalRouterConf, externalRouterInterfaces, hostAgentConf } from './stand-ins.js';
import type { DaemonRecord, LabState } from './state.js';
import { noFailures } from './topology.js';
import { labFrr, readBgpdVersion } from './frr-install.js';

export interface UpOptions {
  readonly lab: string;
  /** What the user gave, for the record. */
  readonly source: string;
  /** Run as if the kernel had no VRF devices / no 802.1Q, to exercise the fallbacks anywhere. */
  readonly withoutVrf: boolean;
  readonly vethTrunks: boolean;
  /** The kernel, when the caller probed it already (to choose where the lab runs). */
  readonly probe?: KernelProbe;
  /** Run BFD no faster than this (a VM that emulates its CPU); recorded in the state for the report. */
  readonly bfdFloor?: BfdFloor;
}

export type UpResult = { readonly state: LabState; readonly diagnostics: readonly Diagnostic[] } | { readonly diagnostics: readonly Diagnostic[]; readonly state?: undefined };

export async function labUp(ctx: LabContext, build: LabBuild, options: UpOptions): Promise<UpResult> {
  const { lab } = options;
  const timings: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = ctx.now();
    const value = await fn();
    timings[name] = round((ctx.now() - t) / 1000);
    return value;
  };

  ctx.progress(`lab ${lab}: removing what an earlier run left behind`);
  await phase('clean', () => labDown(ctx, lab, { quiet: true }));

  let probe: KernelProbe;
  try {
    probe = options.probe ?? (await phase('probe', () => probeKernel(ctx.run, `${labPrefix(lab)}_probe`)));
  } catch (e) {
    return { diagnostics: [createDiagnostic(L.stepFailed, {}, 'probing the kernel', e instanceof Error ? e.message : String(e))] };
  }
  const dataPlane: DataPlane = { vrf: probe.dataPlane.vrf && !options.withoutVrf, dot1q: probe.dataPlane.dot1q && !options.vethTrunks, protodown: probe.dataPlane.protodown === true };
  ctx.progress(`lab ${lab}: kernel VRF devices: ${probe.detail.vrf}; 802.1Q devices: ${probe.detail.dot1q}`);
  if (!dataPlane.vrf) ctx.progress(`lab ${lab}: running without VRFs (CLOS_WITHOUT_VRF=1, leaves do not forward IPv4); routed checks will be reported as not run`);
  if (!dataPlane.dot1q) ctx.progress(`lab ${lab}: emulating each tagged VLAN of a trunk port with its own veth pair`);

  const plan = planLab(lab, build.models, dataPlane);
  // Port-channels and bonded servers are Linux bonds, and a leaf with an Ethernet segment has a
  // VLAN-aware bridge: no fallback can stand in for either (the VM's kernel has both).
  const bonded = [...build.models.filter((m) => (m.linux?.bonds.length ?? 0) > 0).map((m) => m.name), ...plan.hosts.filter((h) => h.interfaces.some((i) => i.bond !== null)).map((h) => h.server)];
  const vlanAware = build.models.some((m) => m.linux?.vlanAwareBridge != null);
  const missing = [
    probe.detail.bond === 'supported' ? '' : `bonding (${probe.detail.bond})`,
    probe.detail.vlanFiltering === 'supported' || !vlanAware ? '' : `vlan-filtering bridges (${probe.detail.vlanFiltering})`,
    probe.dataPlane.dot1q ? '' : `802.1Q devices (${probe.detail.dot1q})`,
  ].filter((x) => x !== '');
  if (bonded.length > 0 && missing.length > 0) {
    const which = `${bonded.slice(0, 4).join(', ')}${bonded.length > 4 ? ` and ${bonded.length - 4} more` : ''}`;
    return { diagnostics: [createDiagnostic(L.stepFailed, {}, 'checking the kernel', `the fabric has bonds (on ${which}) and this kernel has no ${missing.join(' and no ')}: run the lab in its VM (--vm, or without --no-vm)`)] };
  }
  const diagnostics: Diagnostic[] = [...plan.diagnostics];
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const anycastMac = build.models.find((m) => m.anycastGateway !== null)?.anycastGateway?.mac ?? null;
  let state: LabState = {
    schema: 'clos.lab/1',
    lab,
    fabric: build.manifest.fabric,
    source: options.source,
    status: 'starting',
    plan,
    promisedFailures: build.manifest.verify.failures,
    anycastMac,
    kernel: probe.detail,
    ...(options.bfdFloor === undefined ? {} : { bfdFloor: options.bfdFloor }),
    frr: labFrr().root,
    daemons: [],
    failures: noFailures,
    timings,
  };
  writeBuild(ctx.store.buildDir(lab), build);
  ctx.store.write(state);

  const fail = (step: string, detail: string): UpResult => {
    ctx.store.write({ ...state, timings });
    return { diagnostics: [...diagnostics, createDiagnostic(L.stepFailed, {}, step, `${detail} (the half-built lab stays for inspection; 'clos lab down --name ${lab}' removes it)`)] };
  };

  const namespaces = [...plan.devices.map((d) => d.namespace), ...plan.hosts.map((h) => h.namespace), ...plan.externalRouters.map((r) => r.namespace)];
  ctx.progress(`lab ${lab}: ${plan.devices.length} devices, ${plan.hosts.length} servers, ${plan.veths.length} veth pairs`);
  const made = await phase('namespaces', () => ctx.run('ip', ['-batch', '-'], { input: namespaces.map((n) => `netns add ${n}\n`).join('') }));
  if (made.code !== 0) return fail('creating namespaces', describeFailure('ip netns add', made));
  const veths = await phase('links', () =>
    ctx.run('ip', ['-batch', '-'], {
      input: plan.veths.map((v) => `link add name ${v.a.name} netns ${v.a.namespace} mtu ${v.a.mtu} type veth peer name ${v.b.name} netns ${v.b.namespace} mtu ${v.b.mtu}\n`).join(''),
    }),
  );
  if (veths.code !== 0) return fail('creating veth pairs', describeFailure('ip link add', veths));
  // Segment member ports: a macvlan on the wire, which zebra can protodown (VethEnd.port).
  const ports = plan.veths.flatMap((v) => (v.a.port === undefined ? [] : [v.a]));
  if (ports.length > 0) {
    // Per namespace, the macvlans, then their filters (kernel.ts portFilterBatch).
    const byNamespace = new Map<string, VethEnd[]>();
    for (const e of ports) byNamespace.set(e.namespace, [...(byNamespace.get(e.namespace) ?? []), e]);
    const r = await phase('ports', () =>
      mapLimit([...byNamespace], ctx.jobs, async ([namespace, ends]) => {
        const made = await ctx.run('ip', ['-n', namespace, '-batch', '-'], {
          input: ends.map((e) => `link set dev ${e.name} up\nlink add link ${e.name} name ${e.port ?? ''} mtu ${e.mtu} type macvlan mode passthru\n`).join(''),
        });
        if (made.code !== 0) return { step: 'creating segment member ports', command: 'ip link add type macvlan', result: made };
        const filtered = await ctx.run('tc', ['-n', namespace, '-batch', '-'], { input: portFilterBatch(ends.map((e) => e.port ?? '')) });
        return filtered.code !== 0 ? { step: 'filtering segment member ports', command: 'tc filter add', result: filtered } : undefined;
      }),
    );
    const bad = r.find((x) => x !== undefined);
    if (bad !== undefined) return fail(bad.step, describeFailure(bad.command, bad.result));
  }

  let done = 0;
  const hostErrors = await phase('hosts', () =>
    mapLimit(plan.hosts, ctx.jobs, async (host) => {
      const r = await ctx.run('ip', ['netns', 'exec', host.namespace, 'sh', '-c', hostScript], { input: hostBatch(host) });
      ctx.progress(`lab ${lab}: servers ${++done}/${plan.hosts.length}`);
      return r.code === 0 ? undefined : `${host.server}: ${describeFailure('ip -batch', r)}`;
    }),
  );
  const hostError = hostErrors.find((e) => e !== undefined);
  if (hostError !== undefined) return fail('configuring servers', hostError);

  done = 0;
  const ifErrors = await phase('interfaces', () =>
    mapLimit(plan.devices, ctx.jobs, async (device) => {
      const script = join(ctx.store.buildDir(lab), device.name, 'interfaces.sh');
      const leafWithoutVrf = device.role === 'leaf' && !dataPlane.vrf;
      const command = leafWithoutVrf ? `sh ${shellQuote(script)} && sysctl -q -w net.ipv4.ip_forward=0` : `sh ${shellQuote(script)}`;
      const r = await ctx.run('ip', ['netns', 'exec', device.namespace, 'sh', '-c', command], { env: leafWithoutVrf ? { CLOS_WITHOUT_VRF: '1' } : { CLOS_WITHOUT_VRF: '0' }, timeoutMs: 120_000 });
      ctx.progress(`lab ${lab}: interfaces.sh ${++done}/${plan.devices.length}`);
      return r.code === 0 ? undefined : `${device.name}: ${describeFailure('interfaces.sh', r)}`;
    }),
  );
  const ifError = ifErrors.find((e) => e !== undefined);
  if (ifError !== undefined) return fail('running interfaces.sh', ifError);

  done = 0;
  const daemons: DaemonRecord[] = [];
  const frrErrors = await phase('frr', () =>
    mapLimit(plan.devices, ctx.jobs, async (device) => {
      const logDir = join(ctx.store.logDir(lab), device.name);
      try {
        const conf = build.files.get(`${device.name}/frr.conf`) ?? '';
        prepareFrrDirs(device.namespace, labFrrConf(conf, options.bfdFloor), logDir);
        const started = await startFrr(ctx.run, device.namespace, logDir);
        daemons.push(...started.map((s) => ({ device: device.name, daemon: s.daemon, pid: s.pid })));
        ctx.progress(`lab ${lab}: FRR ${++done}/${plan.devices.length}`);
        return undefined;
      } catch (e) {
        return `${device.name}: ${e instanceof Error ? e.message : String(e)}`;
      }
    }),
  );
  state = { ...state, daemons };
  const frrError = frrErrors.find((e) => e !== undefined);
  if (frrError !== undefined) return fail('starting FRR', frrError);

  if (plan.externalRouters.length + plan.hostSpeakers.length > 0) {
    const agentBfd = plan.hostAgents.length > 0 && plan.dataPlane.vrf ? await hostAgentBfd(ctx, build, plan) : { withoutBfd: [] };
    state = { ...state, ...(agentBfd.version === undefined ? {} : { frrVersion: agentBfd.version }), ...(agentBfd.withoutBfd.length === 0 ? {} : { agentsWithoutBfd: agentBfd.withoutBfd }) };
    const outsideError = await phase('outside', () => startOutside(ctx, build, plan, options.bfdFloor, new Set(agentBfd.withoutBfd), daemons));
    state = { ...state, daemons };
    if (outsideError !== undefined) return fail('starting the stand-ins outside the fabric', outsideError);
  }

  state = { ...state, status: 'up', timings };
  ctx.store.write(state);
  return { state, diagnostics };
}

/** The bgpd's version, and which servers' BGP agents run without BFD with it (agentsWithoutBfd). */
async function hostAgentBfd(ctx: LabContext, build: LabBuild, plan: LabPlan): Promise<{ version?: string; withoutBfd: string[] }> {
  const version = await readBgpdVersion(ctx.run);
  const withoutBfd = agentsWithoutBfd(plan.hostAgents.map((a) => a.agent), build.models, version);
  if (withoutBfd.length > 0) ctx.progress(`lab ${plan.lab}: bgpd ${version ?? ''} starts no session while its BFD session is down: the BGP agents of ${withoutBfd.join(', ')} run without BFD`);
  return { ...(version === undefined ? {} : { version }), withoutBfd };
}

/**
 * The external routers' interfaces and forwarding, the BGP agents' pod addresses, and with VRF
 * devices their FRR (without BFD for the agents in `withoutBfd`); returns the first problem.
 */
async function startOutside(ctx: LabContext, build: LabBuild, plan: LabPlan, bfdFloor: BfdFloor | undefined, withoutBfd: ReadonlySet<string>, daemons: DaemonRecord[]): Promise<string | undefined> {
  const models = new Map(build.models.map((m) => [m.name, m]));
  const floor = (conf: string): string => (bfdFloor === undefined ? conf : raiseBfdTimers(conf, bfdFloor).conf);
  const problems = await mapLimit(plan.externalRouters, ctx.jobs, async ({ router, namespace }) => {
    const input = externalRouterInterfaces(router, plan.dataPlane.dot1q, plan.dataPlane.vrf).map((l) => `${l}\n`).join('');
    const r = await ctx.run('ip', ['netns', 'exec', namespace, 'sh', '-c', routerScript], { input });
    if (r.code !== 0) return `${router.name}: ${describeFailure('ip -batch', r)}`;
    if (!plan.dataPlane.vrf) return undefined;
    const bfd = models.get(router.links[0]?.border ?? '')?.bfd ?? null;
    return startStandIn(ctx, plan.lab, router.name, namespace, namespace, floor(externalRouterConf(router, bfd)), daemons);
  });
  problems.push(
    ...(await mapLimit(plan.hostAgents, ctx.jobs, async ({ agent, namespace, pathspace, routerId }) => {
      // A host on two leaves has a session with each and one pod per network.
      for (const podAddress of new Set(agent.sessions.map((s) => s.podAddress))) {
        const r = await ctx.run('ip', ['-n', namespace, 'addr', 'add', `${podAddress}/32`, 'dev', 'lo']);
        if (r.code !== 0) return `${agent.server}: ${describeFailure('ip addr add', r)}`;
      }
      if (!plan.dataPlane.vrf) return undefined;
      const bfd = withoutBfd.has(agent.server) ? null : (models.get(agent.sessions[0]?.leaf ?? '')?.bfd ?? null);
      return startStandIn(ctx, plan.lab, agent.server, namespace, pathspace, floor(hostAgentConf(agent, routerId, bfd)), daemons);
    })),
  );
  return problems.find((p) => p !== undefined);
}

async function startStandIn(ctx: LabContext, lab: string, name: string, namespace: string, pathspace: string, conf: string, daemons: DaemonRecord[]): Promise<string | undefined> {
  try {
    const logDir = join(ctx.store.logDir(lab), name);
    prepareFrrDirs(pathspace, conf, logDir);
    const started = await startFrr(ctx.run, namespace, logDir, pathspace);
    daemons.push(...started.map((s) => ({ device: name, daemon: s.daemon, pid: s.pid, pathspace })));
    return undefined;
  } catch (e) {
    return `${name}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Runs in an external router's namespace: it routes between the tenants it serves, without IPv6. */
const routerScript =
  'sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 && ip -batch -';

/**
 * Runs in the server's namespace: no IPv6 (keeps EVPN free of link-local noise); ARP answered only
 * for an address of the interface asked on, from an address of the interface asking (arp_ignore 1,
 * arp_announce 2, as multi-homed servers are set up), so a server on several networks never
 * answers in one for its address in another; then the batch.
 */
const hostScript =
  'sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 && ip -batch -';

function writeBuild(dir: string, build: LabBuild): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of build.files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
