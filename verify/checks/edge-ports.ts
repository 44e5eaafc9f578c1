/**
 * Part of check 10 (segments.ts): what the templates render of a leaf's server ports, port-channels
 * and Ethernet segments besides the fields the check compares across leaves. Each of these fields is
 * derived from one the check proves and must agree with it, or the configuration deploys something
 * else than what was verified:
 *
 * - the ESI in EOS's grouped form (`segment.identifier`) is the ESI (CLOS5209); EOS's ES-Import
 *   route target (`segment.importRouteTarget`) is the segment's system MAC (5210); the dotted MACs
 *   NX-OS (`segment.systemMacDotted`) and EOS (`lacp.systemIdDotted`) write are the colon forms
 *   (5211); an access port's `accessVlan`, from which EOS and NX-OS configure it, is its VLAN, and a
 *   trunk has none (5215); `jumbo`, from which NX-OS raises a port to 9216 bytes, is whether its
 *   MTU exceeds 1500 (5216);
 * - on FRR, every port-channel is one Linux bond (`linux.bonds`) with its members, LACP system-id,
 *   rate and MTU, and no other bond exists (5212), staying up on one member (5213);
 * - on FRR, the Linux bridges carry exactly each server port's and bond's VLANs: the VLAN-aware
 *   bridge's ports with their tagged VLANs and PVID (a leaf with segments has one: FRR ties a
 *   segment to its EVPN instances through it), or the per-VNI bridges' ports and trunk
 *   sub-interfaces (5214).
 *
 * Linear in each leaf's ports, port-channels, bonds and bridges. It runs once, mostly before it is
 * optimized, over 33,000 ports and 13,000 port-channels on the scale target, so it adds no loop over
 * them of its own (segments.ts calls checkPortForms and checkLagForms from its passes) and a leaf
 * built as clos builds it takes the fast paths: segments and LACP settings proven once per object
 * (EdgePortMemo), bonds and bridge ports compared in the order the build writes them, places and
 * messages made only for a finding. Anything else takes the slow path, which names every difference.
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import type { DeviceModel, EthernetSegment, LacpSettings, LagInterface, LinuxBond, LinuxBridgePort, LinuxPlumbing, ServerInterface } from '../../compiler/build/device-model.js';
import { dottedMac } from '../../compiler/build/naming.js';
import { defaultEthernetMtu } from '../../compiler/build/interfaces.js';
import { esiGroups } from '../../compiler/resolve/segments.js';
import type { Findings } from '../context.js';
import { listNames, type FindingPlace } from '../locate.js';

/** A port the Linux bridges hold: a server port outside any port-channel, or a port-channel. */
type EdgePort = ServerInterface | LagInterface;

const hint = 'these fields are derived from the ones the verifier compares: compile the intent again rather than edit model.json by hand';
const esiForm = /^[0-9a-f]{2}(:[0-9a-f]{2}){9}$/;

/**
 * What one pass of the check has proven already. A compiled fabric shares one segment object between
 * the two leaves of a segment and one LACP object between the port-channels of a leaf pair, and a
 * string form costs a microsecond or two before the code is optimized: each object is proven once,
 * each MAC put in dotted form once. Objects with a finding are not kept, so every leaf that has one
 * is reported.
 */
export interface EdgePortMemo {
  /** Per platform: each platform renders other forms of them, so a proof holds for its own leaves. */
  readonly segments: Record<'eos' | 'nxos', Set<EthernetSegment>>;
  readonly lacp: Record<'eos' | 'nxos', Set<LacpSettings>>;
  readonly dotted: Map<string, string>;
  /** The VLAN of each network on the leaf last asked about (its `vlans` table), made once per leaf. */
  vlanTable: { readonly leaf: DeviceModel; readonly vlanOf: ReadonlyMap<string, number> } | undefined;
}

export function createEdgePortMemo(): EdgePortMemo {
  return { segments: { eos: new Set(), nxos: new Set() }, lacp: { eos: new Set(), nxos: new Set() }, dotted: new Map(), vlanTable: undefined };
}

/**
 * A port-channel's access VLAN, jumbo flag and segment forms. Called from the check's own pass over each leaf's
 * port-channels (segments.ts), as checkPortForms is from its pass over the server ports: a loop of
 * its own over 33,000 ports costs more, before it is optimized, than the comparisons in it.
 */
export function checkLagForms(f: Findings, m: DeviceModel, lag: LagInterface, memo: EdgePortMemo): void {
  checkPortForms(f, m, lag, memo);
  checkSegmentForms(f, m, lag, memo);
}

/** An FRR leaf's Linux bonds and bridges against its port-channels and server ports; nothing elsewhere. */
export function checkLinuxPlumbing(f: Findings, m: DeviceModel): void {
  if (m.linux === null) return;
  checkBonds(f, m, m.linux);
  checkBridges(f, m, m.linux);
}

/** Where a finding about a port points: its server (and `lag` key for a port-channel), then its leaf. */
function placeOf(m: DeviceModel, port: EdgePort): FindingPlace {
  const at = port.kind === 'lag' ? [`server:${port.server}.lag`, `server:${port.server}`, `leaf:${m.name}`] : [`server:${port.server}`, `leaf:${m.name}`];
  return { device: m.name, at, hint };
}

function leafPlace(m: DeviceModel): FindingPlace {
  return { device: m.name, at: [`leaf:${m.name}`], hint };
}

/** A value of a hand-edited model as a message shows it. */
function shown(v: string | number | null | undefined | readonly (string | number)[]): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'none';
  return Array.isArray(v) ? (v.length === 0 ? 'none' : v.join(',')) : String(v);
}

/** `access VLAN 110`, `trunk VLANs 110,120`. */
function modeVlans(p: EdgePort): string {
  return `${p.mode} ${p.vlans.length === 1 ? 'VLAN' : 'VLANs'} ${shown(p.vlans)}`;
}

/** Lower case, for MACs and ESIs that platforms read in either case. */
function lower(v: string | null): string | null {
  return v === null ? null : v.toLowerCase();
}

/** Whether two MACs or ESIs are the same in either case. */
function sameText(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/**
 * An edge port's VLANs are those of its networks on the leaf (CLOS5217), its accessVlan is its
 * access VLAN, none on a trunk; its jumbo flag says whether its MTU exceeds 1500.
 */
export function checkPortForms(f: Findings, m: DeviceModel, port: EdgePort, memo: EdgePortMemo): void {
  checkPortVlans(f, m, port, memo);
  // Each derived form only where a template renders it (a form no line carries deploys nothing):
  // accessVlan on EOS and NX-OS (edge-port.hbs; EOS gives a port-channel's member only its
  // channel-group), jumbo on NX-OS; FRR's Linux bridges take the
  // port's VLANs, checked against them in checkBridges.
  const expected = port.mode === 'access' ? (port.vlans[0] ?? null) : null;
  const rendersAccess = m.platform === 'nxos' || (m.platform === 'eos' && (port.kind === 'lag' || port.lag === null));
  if (rendersAccess && port.accessVlan !== expected) f.add(V.accessVlanMismatch, placeOf(m, port), m.name, port.name, shown(port.accessVlan), shown(expected), modeVlans(port));
  const jumbo = port.mtu > defaultEthernetMtu;
  if (m.platform === 'nxos' && port.jumbo !== jumbo) {
    const effect = jumbo ? `NX-OS would leave the port at ${defaultEthernetMtu} bytes and drop the larger frames of its networks` : 'NX-OS would raise the port to 9216 bytes for networks of at most 1500';
    f.add(V.jumboMismatch, placeOf(m, port), m.name, port.name, String(port.jumbo), String(jumbo), port.mtu, effect);
  }
}

/**
 * The VLANs a port carries are the VLANs of the networks it names, as the leaf's VLAN table maps
 * them: the rest of the check (and the failure analysis) reasons about a server's networks by name,
 * while every platform configures the port from its VLAN numbers.
 */
function checkPortVlans(f: Findings, m: DeviceModel, port: EdgePort, memo: EdgePortMemo): void {
  let table = memo.vlanTable;
  if (table?.leaf !== m) {
    const vlanOf = new Map<string, number>();
    m.vlans.forEach((v) => {
      if (v.network !== null) vlanOf.set(v.network, v.id);
    });
    memo.vlanTable = table = { leaf: m, vlanOf };
  }
  const { vlanOf } = table;
  const found = port.vlans;
  const networks = port.networks;
  // As built: one VLAN per network, both in the order of the VLAN numbers.
  let same = networks.length === found.length;
  for (let i = 0; same && i < networks.length; i++) same = vlanOf.get(networks[i] ?? '') === found[i];
  if (same) return;
  const missing = networks.filter((n) => !vlanOf.has(n));
  const wanted = [...new Set(networks.flatMap((n) => vlanOf.get(n) ?? []))].sort((a, b) => a - b);
  const carried = [...new Set(found)].sort((a, b) => a - b);
  if (missing.length === 0 && wanted.length === carried.length && wanted.every((v, i) => v === carried[i])) return;
  const expected = `${wanted.length === 1 ? 'VLAN' : 'VLANs'} ${shown(wanted)}${missing.length === 0 ? '' : ` (${listNames(missing.map((n) => `'${n}'`), 3, false)} ${missing.length === 1 ? 'has' : 'have'} no VLAN on the leaf)`}`;
  f.add(V.portVlansMismatch, placeOf(m, port), m.name, port.name, modeVlans(port), networks.length === 0 ? 'none' : networks.join(', '), expected);
}

/** The dotted form of a MAC, made once per MAC and pass. */
function dottedOf(memo: EdgePortMemo, mac: string): string {
  let dotted = memo.dotted.get(mac);
  if (dotted === undefined) {
    dotted = dottedMac(mac);
    memo.dotted.set(mac, dotted);
  }
  return dotted;
}

function checkSegmentForms(f: Findings, m: DeviceModel, lag: LagInterface, memo: EdgePortMemo): void {
  const s = lag.segment;
  const platform = m.platform;
  // FRR, and a platform clos has no templates for (CLOS5264), write none of the forms below.
  if (platform !== 'eos' && platform !== 'nxos') return;
  // Each form only on the platform that writes it (templates/<platform>/partials/lags.hbs): EOS the
  // grouped ESI and the ES-Import route target, NX-OS the dotted system MAC; FRR none of them (its
  // `evpn mh es-id` and `es-sys-mac` are the discriminator and the system MAC themselves).
  const provenSegments = memo.segments[platform];
  if (s !== null && !provenSegments.has(s)) {
    const before = f.list.length;
    if (platform === 'eos') {
      // Compared as written first, in lower case only when they differ: the build writes both alike.
      const groups = esiGroups(s.esi);
      // An ESI that is not ten octets is CLOS5203's finding; its groups would mean nothing.
      if (!sameText(s.identifier, groups) && esiForm.test(s.esi.toLowerCase())) {
        f.add(V.esiIdentifierMismatch, placeOf(m, lag), m.name, lag.name, s.identifier, groups.toLowerCase(), s.esi);
      }
      if (!sameText(s.importRouteTarget, s.systemMac)) f.add(V.esImportMismatch, placeOf(m, lag), m.name, lag.name, s.importRouteTarget, s.systemMac);
    } else {
      const mac = dottedOf(memo, s.systemMac);
      if (!sameText(s.systemMacDotted, mac)) {
        f.add(V.dottedMacMismatch, placeOf(m, lag), m.name, lag.name, 'segment.systemMacDotted', s.systemMacDotted, mac, `the system MAC ${s.systemMac} in dotted form`, 'NX-OS would build another ESI than the one verified');
      }
    }
    if (f.list.length === before) provenSegments.add(s);
  }
  // FRR renders neither the LACP mode nor the dotted system-id: its bond is 802.3ad, whose LACP is
  // active unless lacp_active is turned off (Linux, Documentation/networking/bonding.rst), which
  // interfaces.sh never does, and it takes the colon form (actorSystem, checked in checkBonds).
  const provenLacp = memo.lacp[platform];
  if (provenLacp.has(lag.lacp)) return;
  // 'active' as built; a hand-edited model may hold anything.
  const mode: string = lag.lacp.mode;
  const active = mode === 'active';
  if (!active) f.add(V.lacpNotActive, placeOf(m, lag), m.name, lag.name, shown(mode));
  if (platform !== 'eos') {
    if (active) provenLacp.add(lag.lacp);
    return;
  }
  const id = lag.lacp.systemId;
  const dotted = id === null ? null : dottedOf(memo, id);
  const found = lag.lacp.systemIdDotted;
  if (found === dotted || (found !== null && dotted !== null && sameText(found, dotted))) {
    if (active) provenLacp.add(lag.lacp);
    return;
  }
  const [source, effect] =
    id === null
      ? ["lacp.systemId is none: a local LAG presents the switch's own system-id", 'EOS would present the server one the model does not have']
      : [`the LACP system-id ${id} in dotted form`, 'EOS would present the server another LACP partner than the one verified'];
  f.add(V.dottedMacMismatch, placeOf(m, lag), m.name, lag.name, 'lacp.systemIdDotted', shown(lag.lacp.systemIdDotted), shown(dotted), source, effect);
}

/** Every port-channel is one Linux bond of the same members, LACP system-id, rate and MTU; no other bond. */
function checkBonds(f: Findings, m: DeviceModel, linux: LinuxPlumbing): void {
  const bonds = linux.bonds;
  const lags = m.interfaces.lags;
  if (bonds.length === 0 && lags.length === 0) return;
  // As built, bond i is port-channel i (both sorted by number, bond<n> naturally).
  let inOrder = bonds.length === lags.length;
  for (let i = 0; inOrder && i < lags.length; i++) inOrder = bonds[i]?.name === lags[i]?.name;
  if (inOrder) {
    lags.forEach((lag, i) => {
      const bond = bonds[i];
      if (bond !== undefined) checkBond(f, m, lag, bond);
    });
    return;
  }
  const byName = new Map<string, LinuxBond>();
  for (const b of bonds) {
    if (byName.has(b.name)) f.add(V.bondMismatch, leafPlace(m), m.name, b.name, 'is listed twice');
    byName.set(b.name, b);
  }
  for (const lag of lags) {
    const bond = byName.get(lag.name);
    if (bond === undefined) f.add(V.bondMismatch, placeOf(m, lag), m.name, lag.name, `is missing, expected for port-channel ${lag.name} of server '${lag.server}': the port-channel does not exist on the leaf`);
    else checkBond(f, m, lag, bond);
  }
  const lagNames = new Set(lags.map((l) => l.name));
  // A bond that a server port names, though no port-channel has that name, is that port's CLOS5204.
  const named = new Set(m.interfaces.servers.map((p) => p.lag));
  for (const b of byName.values()) {
    if (lagNames.has(b.name) || named.has(b.name)) continue;
    f.add(V.bondMismatch, leafPlace(m), m.name, b.name, `is no port-channel of the leaf, yet takes ${b.members.length === 1 ? 'port' : 'ports'} ${shown(b.members)}`);
  }
}

function checkBond(f: Findings, m: DeviceModel, lag: LagInterface, bond: LinuxBond): void {
  // Both are 'fast' and 1 as built; a hand-edited model may hold anything.
  const rate: string = bond.lacpRate;
  const minLinks: number = bond.minLinks;
  if (
    sameSet(bond.members, lag.members) &&
    (bond.actorSystem === lag.lacp.systemId || lower(bond.actorSystem) === lower(lag.lacp.systemId)) &&
    rate === lag.lacp.rate &&
    bond.mtu === lag.mtu &&
    minLinks === 1
  ) {
    return;
  }
  const details: string[] = [];
  if (!sameSet(bond.members, lag.members)) details.push(`has members ${shown(bond.members)}, expected ${shown(lag.members)} (the members of port-channel ${lag.name})`);
  if (lower(bond.actorSystem) !== lower(lag.lacp.systemId)) {
    details.push(`has actorSystem ${shown(bond.actorSystem)}, expected ${shown(lag.lacp.systemId)} (the LACP system-id of port-channel ${lag.name})${lag.segment === null ? '' : ': the server would see two LACP partners and bundle the links of one leaf only'}`);
  }
  if (rate !== lag.lacp.rate) details.push(`has lacpRate ${shown(rate)}, expected ${shown(lag.lacp.rate)} (the LACP rate of port-channel ${lag.name})`);
  if (bond.mtu !== lag.mtu) details.push(`has mtu ${shown(bond.mtu)}, expected ${shown(lag.mtu)} (the MTU of port-channel ${lag.name})`);
  if (details.length > 0) f.add(V.bondMismatch, placeOf(m, lag), m.name, bond.name, details.join('; '));
  // min_links 0 is Linux's default and behaves as 1.
  if (minLinks === 1 || minLinks === 0) return;
  const members = bond.members.length;
  const effect =
    !Number.isInteger(minLinks) || minLinks < 0
      ? 'Linux takes no such value, so the bond is not created'
      : minLinks > members
        ? 'the bond never comes up'
        : `the bond goes down with ${members - minLinks + 1} of its members down, though one could carry the server's traffic (check 10's redundancy counts on a bond that stays up on one member)`;
  f.add(V.bondMinLinks, placeOf(m, lag), m.name, bond.name, minLinks, members, effect);
}

/**
 * The Linux bridges hold every server port outside a port-channel and every bond with exactly its
 * VLANs: in the VLAN-aware bridge with its tagged VLANs or PVID, in the per-VNI form as ports
 * (access) or 802.1Q sub-interfaces (trunk) of each VLAN's bridge.
 */
function checkBridges(f: Findings, m: DeviceModel, linux: LinuxPlumbing): void {
  const bridge = linux.vlanAwareBridge;
  if (bridge !== null) {
    if (!bridgeAsBuilt(bridge.ports, m)) checkBridgePorts(f, m, bridge.name, bridge.ports);
    return;
  }
  const segments = m.interfaces.lags.filter((l) => l.segment !== null);
  const first = segments[0];
  if (first !== undefined) {
    const names = listNames(segments.map((l) => l.name), 3, false);
    f.add(
      V.bridgePortsMismatch,
      placeOf(m, first),
      m.name,
      'br0',
      'linux.vlanAwareBridge',
      `is missing, expected on a leaf with Ethernet segments (${names}): FRR ties a segment to its EVPN instances only through the bond's VLANs in a VLAN-aware bridge`,
    );
  }
  checkPerVniBridges(f, m, linux);
}

/** The server ports outside a port-channel, then the port-channels. */
function edgePorts(m: DeviceModel): EdgePort[] {
  const edge: EdgePort[] = [];
  m.interfaces.servers.forEach((p) => {
    if (p.lag === null) edge.push(p);
  });
  m.interfaces.lags.forEach((l) => edge.push(l));
  return edge;
}

function bridgePortMatches(b: LinuxBridgePort | undefined, p: EdgePort): boolean {
  if (b?.name !== p.name) return false;
  return p.mode === 'trunk' ? b.pvid === null && sameSet(b.vlans, p.vlans) : b.vlans.length === 0 && b.pvid === (p.vlans[0] ?? null);
}

/**
 * Whether the VLAN-aware bridge holds exactly the leaf's edge ports with their VLANs, in the order
 * the build writes them (natural order of names: the bonds, `bond<n>` by number, then the `swp<n>`
 * server ports by port). Any other order is not wrong, only checked the slow way.
 */
function bridgeAsBuilt(ports: readonly LinuxBridgePort[], m: DeviceModel): boolean {
  let i = 0;
  return m.interfaces.lags.every((lag) => bridgePortMatches(ports[i++], lag)) && m.interfaces.servers.every((p) => p.lag !== null || bridgePortMatches(ports[i++], p)) && i === ports.length;
}

function checkBridgePorts(f: Findings, m: DeviceModel, bridge: string, ports: readonly LinuxBridgePort[]): void {
  const edge = edgePorts(m);
  const byName = new Map<string, EdgePort>();
  for (const p of edge) byName.set(p.name, p);
  const seen = new Set<string>();
  for (const port of ports) {
    const p = byName.get(port.name);
    if (p === undefined || seen.has(port.name)) {
      const why = p === undefined ? ', which is no server port outside a port-channel and no port-channel of the leaf' : ' twice';
      f.add(V.bridgePortsMismatch, leafPlace(m), m.name, bridge, 'linux.vlanAwareBridge', `has port ${port.name}${why}`);
      continue;
    }
    seen.add(port.name);
    if (bridgePortMatches(port, p)) continue;
    const vlans = p.mode === 'trunk' ? p.vlans : [];
    const pvid = p.mode === 'access' ? (p.vlans[0] ?? null) : null;
    const details: string[] = [];
    if (!sameSet(port.vlans, vlans)) details.push(`tagged vlans ${shown(port.vlans)}, expected ${shown(vlans)}`);
    if (port.pvid !== pvid) details.push(`pvid ${shown(port.pvid)}, expected ${shown(pvid)}`);
    const owner = `${p.kind === 'lag' ? 'port-channel' : 'port'} ${p.name} of server '${p.server}', ${modeVlans(p)}`;
    f.add(V.bridgePortsMismatch, placeOf(m, p), m.name, bridge, 'linux.vlanAwareBridge', `gives port ${port.name} ${details.join(' and ')} (${owner})`);
  }
  for (const p of edge) {
    if (!seen.has(p.name)) f.add(V.bridgePortsMismatch, placeOf(m, p), m.name, bridge, 'linux.vlanAwareBridge', `lacks port ${p.name}, expected with ${modeVlans(p)} (server '${p.server}')`);
  }
}

/** The per-VNI form: each VLAN's bridge holds the access ports and the trunks' sub-interfaces of that VLAN, and nothing else. */
function checkPerVniBridges(f: Findings, m: DeviceModel, linux: LinuxPlumbing): void {
  const edge = edgePorts(m);
  const expected = new Map<number, { member: string; port: EdgePort }[]>();
  if (edge.length > 0) {
    const subinterfaces = new Map<string, string>();
    linux.subinterfaces.forEach((s) => subinterfaces.set(`${s.parent}\u0000${s.vlan}`, s.name));
    for (const p of edge) {
      for (const vlan of p.vlans) {
        const member = p.mode === 'trunk' ? subinterfaces.get(`${p.name}\u0000${vlan}`) : p.name;
        if (member === undefined) {
          f.add(V.bridgePortsMismatch, placeOf(m, p), m.name, `vlan${vlan}`, 'linux.subinterfaces', `lacks trunk ${p.name} (server '${p.server}'): the leaf has no 802.1Q sub-interface of ${p.name} for VLAN ${vlan}`);
          continue;
        }
        const list = expected.get(vlan);
        if (list === undefined) expected.set(vlan, [{ member, port: p }]);
        else list.push({ member, port: p });
      }
    }
  }
  const found = new Set<number>();
  linux.bridges.forEach((b) => {
    const want = expected.get(b.vlan);
    const ports = b.ports;
    if (want === undefined && ports.length === 0) return;
    found.add(b.vlan);
    const wanted = new Set<string>();
    for (const w of want ?? []) {
      wanted.add(w.member);
      if (ports.includes(w.member)) continue;
      const owner = `${w.port.kind === 'lag' ? 'port-channel' : 'port'} ${w.port.name} of server '${w.port.server}'`;
      f.add(V.bridgePortsMismatch, placeOf(m, w.port), m.name, b.name, 'linux.bridges', `lacks port ${w.member}, expected for ${w.port.mode} VLAN ${b.vlan} of ${owner}`);
    }
    for (const p of ports) {
      if (!wanted.has(p)) f.add(V.bridgePortsMismatch, leafPlace(m), m.name, b.name, 'linux.bridges', `has port ${p}, which is no server port, port-channel or trunk sub-interface of VLAN ${b.vlan}`);
    }
  });
  for (const [vlan, want] of expected) {
    if (found.has(vlan)) continue;
    const first = want[0];
    if (first !== undefined) f.add(V.bridgePortsMismatch, placeOf(m, first.port), m.name, `vlan${vlan}`, 'linux.bridges', `is missing, expected with ${listNames(want.map((w) => w.member), 3, false)}`);
  }
}

/** Whether two lists hold the same values, in any order (lists of a few names or VLANs). */
function sameSet(x: readonly (string | number)[], y: readonly (string | number)[]): boolean {
  if (x === y) return true;
  if (x.length !== y.length) return false;
  let ordered = true;
  for (let i = 0; ordered && i < x.length; i++) ordered = x[i] === y[i];
  if (ordered) return true;
  const a = x.map(String).sort();
  const b = y.map(String).sort();
  return a.every((v, i) => v === b[i]);
}
