/**
 * `clos export containerlab`: a containerlab topology that boots the compiled FRR configurations,
 * one container per switch and one per server, wired as the intent cables them.
 *
 * How a switch boots. Switches are `kind: linux` nodes running the FRR image
 * (`quay.io/frrouting/frr:8.4.x`, whose entrypoint is `tini --` and whose command is
 * `/usr/lib/frr/docker-start`, i.e. watchfrr with the daemons of /etc/frr/daemons). containerlab
 * starts a container first and attaches its links afterwards, but interfaces.sh needs every port
 * (`swp<N>`) to exist and must run before FRR. So each switch's command is replaced with
 * `clos-start.sh`, bound read-only at /clos/start.sh: it waits until every port named in
 * `CLOS_PORTS` has appeared, runs the switch's interfaces.sh (bound at /clos/interfaces.sh), then
 * `exec`s the image's own start script, so FRR runs as PID 1's child exactly as the image intends.
 * frr.conf is bound at /etc/frr/frr.conf and a `daemons` file enabling zebra, bgpd and bfdd
 * (staticd always starts) at /etc/frr/daemons.
 *
 * Servers are `kind: linux` hosts on their leaf ports (`eth1`, `eth2`… in attachment order: by leaf
 * id, then port), every link wired, both leaves of a dual-homed server included. A server with
 * several links and a bond bonds them as `bond0` (802.3ad for `lacp`, the Ethernet segment's LACP
 * partner being both leaves; `active-backup` otherwise); one without carries its networks on
 * `eth1`. A host gets an address on each routed network it uses, the one `clos lab` gives it
 * (counted up from the bottom of the subnet, skipping the gateway and the leaves' session addresses
 * for BGP hosts, which count down from the top), tagged
 * sub-interfaces on trunks, and a default route through the gateway of its lowest-VLAN routed
 * network, so `ping` between servers exercises the fabric. A server of a network whose hosts speak
 * BGP runs the BGP agent `clos lab` runs (lab/stand-ins.ts planHostAgents and hostAgentConf, not
 * a copy): the FRR image with a generated frr.conf — eBGP in the hosts' ASN with the session
 * address of the leaf that listens for it, its pod prefix (first address on its loopback) and a
 * prefix outside every accept pool, which the leaf must refuse; one agent with a session per
 * network for a server on several such networks — so the listen ranges, accept pools and type-5
 * spread of host routes are exercised in the lab.
 *
 * The routers outside the fabric that border leaves hand VRFs off to are FRR containers too, one
 * per connected group of hand-off ports and the external ASNs handed off on them (`ext-as<asn>`,
 * `ext-as<asn>-<asn>` for a port that hands off to two ASNs; lab/stand-ins.ts): one link per border
 * hand-off port, so no port is wired twice, an 802.1Q sub-interface per VRF, eBGP with every border
 * (one BGP instance per ASN, each in a VRF of its own when there are several), the default route,
 * an outside prefix and a prefix inside each non-default accept entry of its VRFs announced (so the
 * leaves' inbound filter is seen admitting as well as refusing), and every route learned from one tenant offered to the others
 * handed off to the same AS — the firewall where tenants meet.
 *
 * Output is deterministic and self-contained: the topology, the start script, the daemons file, a
 * copy of each switch's frr.conf and interfaces.sh, the stand-ins' frr.conf, and `clos-export.json` (what clos wrote, so a
 * later export may replace the directory). Relative bind paths resolve against the topology file.
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import { ReviewDiagnostics as R } from '../compiler/diagnostics/catalogue/index.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { sha256 } from '../compiler/render/manifest.js';
import type { RenderedFile } from '../compiler/render/render.js';
import type { FabricModel, ResolvedNetwork, ResolvedServer } from '../compiler/resolve/fabric-model.js';
import { planLab, type HostAgentLab } from '../lab/plan.js';
import { externalRouterConf, externalRouterInterfaces, hostAgentConf, planExternalRouters, type ExternalRouterPlan, type HostAgentPlan } from '../lab/stand-ins.js';

export const defaultFrrImage = 'quay.io/frrouting/frr:8.4.2';
export const defaultHostImage = 'ghcr.io/hellt/network-multitool';
export const exportManifestFile = 'clos-export.json';
export const exportSchema = 'clos.export/1' as const;
/** The export's own files, beside the nodes' directories (`<node>/frr.conf`…). */
const daemonsFile = 'daemons';
const startScriptFile = 'clos-start.sh';

export interface ContainerlabOptions {
  /** The FRR image of every switch. */
  readonly image: string;
  /** The image of every server. */
  readonly hostImage: string;
  /** Sets CLOS_WITHOUT_VRF=1 on the switches: for hosts whose kernel has no VRF support. */
  readonly withoutVrf: boolean;
}

export interface ExportFile {
  readonly path: string;
  readonly content: string;
  readonly executable: boolean;
}

export interface ContainerlabExport {
  /** The topology file's name, `<fabric>.clab.yml`. */
  readonly topology: string;
  readonly files: readonly ExportFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `devices` must be compiled for FRR and `rendered` must hold their files (`<device>/frr.conf`,
 * `<device>/interfaces.sh`); the CLI compiles with `--platform frr` for that.
 */
export function renderContainerlab(fabric: FabricModel, devices: readonly DeviceModel[], rendered: readonly RenderedFile[], options: ContainerlabOptions): ContainerlabExport {
  const deviceNames = new Set(devices.map((d) => d.name));
  const routers = planExternalRouters(devices);
  // Every node's name once: switches, servers, and the routers added outside the fabric
  // (`ext-as<asn>`, which a switch or a server may also be called).
  const routerNames = new Set(routers.map((r) => r.name));
  const outsideRouter = 'the router outside the fabric the export adds for its hand-off ports';
  const clashes: (readonly ['server' | 'switch', string, string])[] = [];
  for (const s of fabric.servers) {
    if (deviceNames.has(s.name)) clashes.push(['server', s.name, 'a switch']);
    else if (routerNames.has(s.name)) clashes.push(['server', s.name, outsideRouter]);
  }
  for (const r of routers) if (deviceNames.has(r.name)) clashes.push(['switch', r.name, outsideRouter]);
  const topology = `${fabric.name}.clab.yml`;
  if (clashes.length > 0) return { topology, files: [], diagnostics: clashes.map(([kind, name, what]) => createDiagnostic(R.exportNameClash, {}, kind, name, what)) };
  const hosts = planHosts(fabric, devices, options);
  // Every node with files has a directory of its name beside the export's own files.
  const reserved = [
    ...devices.map((d) => ['switch', d.name] as const),
    ...hosts.filter((h) => h.agent !== undefined).map((h) => ['server', h.server.name] as const),
  ].flatMap(([what, name]) => {
    const reason = reservedReason(name, topology);
    return reason === undefined ? [] : [createDiagnostic(R.exportReservedName, {}, what, name, reason)];
  });
  if (reserved.length > 0) return { topology, files: [], diagnostics: reserved };
  const byPath = new Map(rendered.map((f) => [f.path, f]));
  const files: ExportFile[] = [];
  for (const d of devices) {
    for (const name of ['frr.conf', 'interfaces.sh']) {
      const f = byPath.get(`${d.name}/${name}`);
      if (f === undefined) throw new Error(`internal error: ${d.name}/${name} was not rendered; containerlab export needs FRR output`);
      files.push({ path: f.path, content: f.content, executable: f.executable });
    }
  }
  // The border's end of each session runs the fabric's BFD profile; the router's end runs the same timers.
  const bfd = devices.find((d) => d.bfd !== null)?.bfd ?? null;
  for (const r of routers) files.push({ path: `${r.name}/frr.conf`, content: externalRouterConf(r, bfd), executable: false });
  // A BGP host's agent, as `clos lab` runs it: its router-id is its address, its BFD its leaf's.
  for (const h of hosts) {
    if (h.agent === undefined) continue;
    const leafBfd = devices.find((d) => d.name === h.agent?.sessions[0]?.leaf)?.bfd ?? null;
    files.push({ path: `${h.server.name}/frr.conf`, content: hostAgentConf(h.agent, h.routerId, leafBfd), executable: false });
  }
  files.push({ path: daemonsFile, content: renderDaemons(fabric.settings.bfd), executable: false });
  files.push({ path: startScriptFile, content: startScript, executable: true });
  files.push({ path: topology, content: renderTopologyYaml(fabric, devices, routers, hosts, options), executable: false });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hashes: Record<string, string> = {};
  for (const f of files) hashes[f.path] = sha256(f.content);
  const manifest = { schema: exportSchema, fabric: fabric.name, topology, files: hashes };
  files.push({ path: exportManifestFile, content: `${JSON.stringify(manifest, null, 2)}\n`, executable: false });
  return { topology, files, diagnostics: [] };
}

/** Why a node's directory `<name>/` would clash with the export's own files or containerlab's, or undefined. */
function reservedReason(name: string, topology: string): string | undefined {
  if (name === daemonsFile || name === startScriptFile || name === exportManifestFile || name === topology) return `where the export writes its file '${name}'`;
  if (name.startsWith('clab-')) return "a name of the form containerlab gives a deployed lab's directory (clab-<lab>), which the export refuses to replace";
  return undefined;
}

/** FRR's daemons file: zebra and staticd always run; clos needs bgpd and, with BFD, bfdd. */
export function renderDaemons(bfd: boolean): string {
  const enabled = new Set(['bgpd', ...(bfd ? ['bfdd'] : [])]);
  const all = ['bgpd', 'ospfd', 'ospf6d', 'ripd', 'ripngd', 'isisd', 'pimd', 'ldpd', 'nhrpd', 'eigrpd', 'babeld', 'sharpd', 'pbrd', 'bfdd', 'fabricd', 'vrrpd', 'pathd'];
  return [
    '# FRR daemons of a clos switch, written by clos export containerlab.',
    '# watchfrr, zebra and staticd always start; clos configures BGP (bgpd) and BFD (bfdd).',
    'zebra=yes',
    ...all.map((d) => `${d}=${enabled.has(d) ? 'yes' : 'no'}`),
    '',
    'vtysh_enable=yes',
    'zebra_options="  -A 127.0.0.1 -s 90000000"',
    'bgpd_options="   -A 127.0.0.1"',
    'staticd_options="-A 127.0.0.1"',
    'bfdd_options="   -A 127.0.0.1"',
    '',
  ].join('\n');
}

/** Bound at /clos/start.sh and run as the container's command (see the module comment). */
export const startScript = `#!/bin/sh
# clos-start.sh, written by clos export containerlab: the command of every clos switch container.
# containerlab attaches a node's links after its container starts, so wait for every port in
# CLOS_PORTS, build the Linux interfaces with the switch's interfaces.sh, then start FRR the way
# the FRR image does. A port that never appears stops the node with a message in its log.
set -eu
timeout=\${CLOS_PORT_TIMEOUT:-300}
waited=0
for port in \${CLOS_PORTS:-}; do
  until [ -e "/sys/class/net/$port" ]; do
    if [ "$waited" -ge "$timeout" ]; then
      echo "clos-start: port $port did not appear within \${timeout}s; is it wired in the topology?" >&2
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
done
echo "clos-start: ports up; running interfaces.sh"
sh "\${CLOS_DIR:-/clos}/interfaces.sh"
echo "clos-start: starting FRR"
exec \${CLOS_FRR_START:-/usr/lib/frr/docker-start}
`;

interface HostPlan {
  readonly server: ResolvedServer;
  readonly exec: readonly string[];
  /** Its BGP agent, on networks whose hosts speak BGP (lab/stand-ins.ts, as `clos lab` plans it). */
  readonly agent?: HostAgentPlan;
  /** Its address in the agent's first network, no length: the agent's router-id. */
  readonly routerId: string;
}

/**
 * Host addresses: those `clos lab` gives (lab/plan.ts): the k-th server of a network (by name)
 * gets the k-th free address from the bottom, skipping gateways and the leaves' session addresses,
 * which count down from the top. A server in a network whose hosts speak
 * BGP runs the BGP agent `clos lab` runs (its plan's hostAgents): a session with the session address of
 * the leaf that listens for it, its pod prefix (first address on its loopback) and one prefix the
 * leaf must refuse; not with --without-vrf, as the lab runs none without VRFs (the listen ranges
 * are in the tenant's VRF). A server in several such networks runs one agent with a session per
 * network (planHostAgents), as `clos lab` does: one bgpd per host, as a Kubernetes node runs one.
 */
function planHosts(fabric: FabricModel, devices: readonly DeviceModel[], options: ContainerlabOptions): HostPlan[] {
  const networks = new Map(fabric.networks.map((n) => [n.name, n]));
  // The addresses `clos lab` gives the same servers in routed networks (its layer-2-only networks' lab subnets aside).
  // Its BGP agents too, with their router-ids: the same plan, not a second derivation of it.
  const plan = planLab(fabric.name, devices, { vrf: true, dot1q: true });
  const addressOf = new Map<string, string>();
  for (const e of plan.endpoints) if (!e.labSubnet) addressOf.set(`${e.server}\u0000${e.network}`, `${e.address}/${e.prefixLength}`);
  const agents = new Map<string, HostAgentLab>();
  if (!options.withoutVrf) for (const a of plan.hostAgents) agents.set(a.agent.server, a);
  return fabric.servers.map((server) => {
    const planned = agents.get(server.name);
    const exec: string[] = [];
    const nets = server.networks.map((n) => networks.get(n)).filter((n): n is ResolvedNetwork => n !== undefined);
    const mtu = Math.max(1500, ...nets.map((n) => n.mtu));
    const links = server.attachments.map((_a, i) => `eth${i + 1}`);
    // A bond (lacp: 802.3ad over the port-channel's links, the segment's on two leaves;
    // active-backup: one link at a time) carries the networks; without one, the first link does.
    let port = 'eth1';
    if (server.bond !== 'none' && links.length > 1) {
      port = 'bond0';
      exec.push(
        server.bond === 'lacp'
          ? 'ip link add name bond0 type bond mode 802.3ad lacp_rate fast miimon 100 xmit_hash_policy layer3+4'
          : 'ip link add name bond0 type bond mode active-backup miimon 100',
      );
      for (const l of links) exec.push(`ip link set dev ${l} down`, `ip link set dev ${l} master bond0`);
      exec.push(`ip link set dev bond0 mtu ${mtu} up`);
    }
    links.forEach((l) => exec.push(`ip link set dev ${l} mtu ${mtu} up`));
    let defaultRoute: string | undefined;
    for (const n of nets) {
      const dev = server.mode === 'access' ? port : `${port}.${n.vlan}`;
      if (server.mode === 'trunk') exec.push(`ip link add link ${port} name ${dev} type vlan id ${n.vlan}`, `ip link set dev ${dev} mtu ${n.mtu} up`);
      const address = addressOf.get(`${server.name}\u0000${n.name}`);
      if (address === undefined || n.subnet === undefined) continue;
      exec.push(`ip addr add ${address} dev ${dev}`);
      defaultRoute ??= `ip route replace default via ${n.subnet.gateway} dev ${dev}`;
    }
    if (defaultRoute !== undefined) exec.push(defaultRoute);
    if (planned === undefined) return { server, exec, routerId: '' };
    for (const session of planned.agent.sessions) exec.push(`ip addr add ${session.podAddress}/32 dev lo`);
    return { server, exec, agent: planned.agent, routerId: planned.routerId };
  });
}

function renderTopologyYaml(fabric: FabricModel, devices: readonly DeviceModel[], routers: readonly ExternalRouterPlan[], hosts: readonly HostPlan[], options: ContainerlabOptions): string {
  // Bonds (port-channels of switches, bond0 of servers) need the bonding module, and a leaf with an
  // Ethernet segment a VLAN-aware bridge.
  const bonds = devices.some((d) => d.interfaces.lags.length > 0) || fabric.servers.some((s) => s.bond !== 'none' && s.attachments.length > 1);
  const out: string[] = [
    `# containerlab topology of fabric ${fabric.name}, written by clos export containerlab. Do not edit:`,
    '# change the intent and export again.',
    '#',
    `#   sudo containerlab deploy -t ${fabric.name}.clab.yml`,
    '#',
    '# Every switch is an FRR container: clos-start.sh waits for its ports, runs its interfaces.sh,',
    ...(bonds
      ? [
          '# then starts FRR with its frr.conf. The host needs the vrf, vxlan, 8021q and bonding kernel',
          '# modules (modprobe vrf vxlan 8021q bonding) and bridges with VLAN filtering; without VRF',
          '# support, export with --without-vrf.',
        ]
      : ['# then starts FRR with its frr.conf. The host needs the vrf, vxlan and 8021q kernel modules', '# (modprobe vrf vxlan 8021q); without VRF support, export with --without-vrf.']),
    `name: ${yamlString(fabric.name)}`,
    '',
    'topology:',
    '  nodes:',
  ];
  for (const d of devices) {
    const ports = [...d.interfaces.fabric.map((f) => f.name), ...d.interfaces.servers.map((s) => s.name), ...d.interfaces.external.map((e) => e.name)];
    out.push(
      `    ${yamlKey(d.name)}:`,
      '      kind: linux',
      `      image: ${yamlString(options.image)}`,
      `      group: ${d.role}`,
      '      cmd: sh /clos/start.sh',
      '      env:',
      `        CLOS_PORTS: ${yamlString(ports.join(' '))}`,
      ...(options.withoutVrf ? ['        CLOS_WITHOUT_VRF: "1"'] : []),
      '      binds:',
      `        - ${yamlString(`${d.name}/frr.conf:/etc/frr/frr.conf`)}`,
      `        - ${yamlString(`${daemonsFile}:/etc/frr/daemons:ro`)}`,
      `        - ${yamlString(`${d.name}/interfaces.sh:/clos/interfaces.sh:ro`)}`,
      `        - ${yamlString(`${startScriptFile}:/clos/start.sh:ro`)}`,
    );
  }
  for (const h of hosts) {
    // A BGP host runs its agent in the FRR image, with its frr.conf and the switches' daemons file.
    out.push(`    ${yamlKey(h.server.name)}:`, '      kind: linux', `      image: ${yamlString(h.agent === undefined ? options.hostImage : options.image)}`, '      group: server');
    if (h.agent !== undefined) out.push('      binds:', `        - ${yamlString(`${h.server.name}/frr.conf:/etc/frr/frr.conf`)}`, `        - ${yamlString(`${daemonsFile}:/etc/frr/daemons:ro`)}`);
    if (h.exec.length > 0) out.push('      exec:', ...h.exec.map((c) => `        - ${yamlString(c)}`));
  }
  for (const r of routers) {
    out.push(
      `    ${yamlKey(r.name)}:`,
      '      kind: linux',
      `      image: ${yamlString(options.image)}`,
      '      group: external',
      '      binds:',
      `        - ${yamlString(`${r.name}/frr.conf:/etc/frr/frr.conf`)}`,
      `        - ${yamlString(`${daemonsFile}:/etc/frr/daemons:ro`)}`,
      '      exec:',
      ...externalRouterInterfaces(r, true, !options.withoutVrf).map((c) => `        - ${yamlString(`ip ${c}`)}`),
    );
  }
  out.push('', '  links:');
  for (const l of fabric.links) {
    const leaf = devices.find((d) => d.name === l.leaf)?.interfaces.fabric.find((f) => f.port === l.leafPort)?.name ?? `swp${l.leafPort}`;
    const spine = devices.find((d) => d.name === l.spine)?.interfaces.fabric.find((f) => f.port === l.spinePort)?.name ?? `swp${l.spinePort}`;
    out.push(`    - endpoints: [${yamlString(`${l.leaf}:${leaf}`)}, ${yamlString(`${l.spine}:${spine}`)}]`);
  }
  for (const s of fabric.servers) {
    s.attachments.forEach((a, i) => {
      const iface = devices.find((d) => d.name === a.leaf)?.interfaces.servers.find((x) => x.port === a.port)?.name ?? `swp${a.port}`;
      out.push(`    - endpoints: [${yamlString(`${s.name}:eth${i + 1}`)}, ${yamlString(`${a.leaf}:${iface}`)}]`);
    });
  }
  for (const r of routers) for (const l of r.links) out.push(`    - endpoints: [${yamlString(`${r.name}:${l.name}`)}, ${yamlString(`${l.border}:${l.borderPort}`)}]`);
  return `${out.join('\n')}\n`;
}

/** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

function yamlKey(text: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(text) && !/^(true|false|null|yes|no|on|off|~)$/i.test(text) ? text : JSON.stringify(text);
}
