/**
 * Check 7, continued: the leaves' own addresses beside the anycast gateway (README, "An address of
 * its own"). They belong to the anycast gateway's check because they are the other half of where
 * the gateway sits: on an FRR leaf with an address of its own in a network, the gateway leaves the
 * SVI for a macvlan `vlan<id>-v0` with the anycast MAC, and the SVI keeps the own address with the
 * leaf's MAC; check 7 already judges the gateway's bridge by whether it has that device. Proven on
 * the device models:
 *
 * - no two leaves have the same own address in a network (CLOS5127), and each is a host address of
 *   the network's subnet with its prefix length, neither the gateway nor the subnet's network or
 *   broadcast address (CLOS5128). An own address that is the BGP hosts' session address (the SVI's
 *   `sessionAddress`, by design the same) is check 12's: its listen ranges judge it (CLOS5241) and
 *   their clashes (CLOS5245), so it is not reported twice here;
 * - each leaf deploys its own addresses as the design needs (CLOS5129): an own address is the
 *   session address where the SVI has one (EOS and NX-OS configure the one, FRR's interfaces.sh the
 *   other), and on EOS and NX-OS only such a one (they configure no other); on FRR a routed bridge with an own address has a gateway device and one without has
 *   none, the gateway device is `vlan<id>-v0` and listed in `linux.gateways` (interfaces.sh removes
 *   every other `vlan<id>-v0`, so an unlisted one is deleted and made again on every run), the
 *   bridge of a gateway device carries a MAC of the leaf's own: not the anycast MAC, nor another
 *   leaf's router MAC (the build gives it the leaf's router MAC; any MAC no other leaf has would
 *   do, so that is not required), and the VNI announces the SVI's address (`advertise-svi-ip`)
 *   exactly where the bridge has an own address.
 *   That the bridge's own address is its SVI's is CLOS5035 (uniqueness.ts), a gateway bridge's MAC
 *   without a gateway device CLOS5122 (anycast-gateway.ts), and a session address's bridge keeping
 *   the anycast MAC in a VLAN of a segment CLOS5241 (host-pools.ts): not repeated here;
 * - in a routed network an Ethernet segment of an FRR leaf carries (a port-channel with a segment
 *   on an FRR leaf), every FRR leaf routing the network has an own address (CLOS5130, a warning, as
 *   the compiler's CLOS3147 which leaves them out where the subnet has no room; verifying an intent,
 *   not for the networks it left out, having said so at the intent).
 *
 * Cost: ~180,000 SVIs, ~170,000 own addresses and 200,000 bridges and VNIs on the scale target.
 * One map lookup per SVI (its network's record, whose gateway is parsed once); each own address
 * read without building an object (ipv4.ts cidrAddress: an object per address cost more than the
 * rest of the check) and kept as one number per network (address × a power of two above the
 * device count + leaf), sorted per network as a typed array to find clashes: no string-keyed set
 * of the addresses. Bridges and VNIs are walked together in order; the router MACs of all leaves
 * are gathered only when a bridge carries a MAC that is not its leaf's, and the port-channels of
 * segments are read only for networks with FRR leaves lacking an own address, until each has its
 * segment. Measured on the 32 × 1,000 models: about 1.5 times a bare read of every SVI, bridge
 * and VNI.
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { gatewayDeviceName } from '../../compiler/build/naming.js';
import { cidrAddress, formatAddress, parseCidr, type Cidr } from '../../compiler/shared/ipv4.js';
import { keysOf, nameOf, type Findings, type VerifyContext } from '../context.js';
import { listNames } from '../locate.js';
import { unread } from '../read-model.js';

export function checkOwnAddresses(ctx: VerifyContext, f: Findings): void {
  const { fg } = ctx;
  let scale = 1;
  while (scale < fg.devices.length) scale *= 2;
  /**
   * Network → its gateway as the first leaf writes it (parsed once), the own addresses of its
   * leaves (not session addresses), each address × scale + leaf, and, where some FRR leaf has an
   * Ethernet segment, the FRR leaves routing it without one: one lookup per SVI.
   */
  const byNetwork = new Map<string, { gatewayText: string; gateway: Cidr | undefined; packed: number[]; without: number[] }>();
  const recordOf = (network: string, gatewayText: string): { gatewayText: string; gateway: Cidr | undefined; packed: number[]; without: number[] } => {
    let r = byNetwork.get(network);
    if (r === undefined) {
      r = { gatewayText, gateway: parseCidr(gatewayText), packed: [], without: [] };
      byNetwork.set(network, r);
    }
    return r;
  };
  /** Network → its own addresses that are no host address of the subnet: leaf, address and why, in leaf order. */
  const notHosts = new Map<string, { leaf: number; address: string; why: string }[]>();
  // Without an Ethernet segment on an FRR leaf, no network needs an own address for one.
  let segments = false;
  for (let i = 0; i < fg.leaves.length && !segments; i++) {
    const m = fg.devices[fg.leaves[i] ?? -1]?.model;
    if (m?.platform === 'frr') segments = m.interfaces.lags.some((l) => l.segment !== null);
  }
  /** FRR leaves' router MACs (their L3VNI bridges'), lower case → the first leaf with it: built when first asked. */
  let routerMacs: Map<string, number> | undefined;
  const routerMacOwner = (mac: string): number | undefined => {
    if (routerMacs === undefined) {
      const macs = new Map<string, number>();
      fg.leaves.forEach((leaf) => {
        const m = fg.devices[leaf]?.model;
        if (m?.platform === 'frr') m.linux?.l3vniBridges.forEach((b) => macs.has(b.mac.toLowerCase()) || macs.set(b.mac.toLowerCase(), leaf));
      });
      routerMacs = macs;
    }
    return routerMacs.get(mac);
  };

  fg.leaves.forEach((leaf) => {
    const m = fg.devices[leaf]?.model;
    if (m === undefined) return;
    const frr = m.platform === 'frr';
    /** A platform that configures only an SVI's session address (an unknown one is CLOS5264's). */
    const sessionOnly = m.platform === 'eos' ? 'EOS' : m.platform === 'nxos' ? 'NX-OS' : undefined;
    const problems: string[] = [];
    // forEach, not for…of: runs once per leaf, mostly before it is optimized (bench/PROFILE.md, section 33).
    m.interfaces.svis.forEach((svi) => {
      const own = svi.ownAddress;
      if (own === null) {
        if (frr && segments) recordOf(svi.network, svi.address).without.push(leaf);
        return;
      }
      if (svi.sessionAddress !== null) {
        if (svi.sessionAddress !== own) problems.push(`the SVI ${svi.name} has own address ${own} but session address ${svi.sessionAddress} (one address per leaf: FRR's interfaces.sh configures the first, EOS and NX-OS the second)`);
        return; // check 12 judges session addresses (CLOS5241, CLOS5245)
      }
      // EOS and NX-OS configure an SVI's session address, never its own address (templates).
      if (sessionOnly !== undefined) problems.push(`the SVI ${svi.name} has own address ${own}, which ${sessionOnly} does not configure: only FRR leaves take an address of their own beside the gateway, other platforms only the BGP hosts' session address`);
      const network = recordOf(svi.network, svi.address);
      // A leaf with another gateway (CLOS5121) is judged against its own.
      const gateway = network.gatewayText === svi.address ? network.gateway : parseCidr(svi.address);
      if (gateway === undefined) return; // a gateway that is no address: CLOS5123 says so
      // The usual case first, with no object and no text built.
      const address = cidrAddress(own, gateway.length);
      if (address !== undefined && address > gateway.base && address < gateway.base + gateway.size - 1 && address !== gateway.address) {
        network.packed.push(address * scale + leaf);
        return;
      }
      const c = parseCidr(own);
      push(notHosts, svi.network, { leaf, address: own, why: notAHostBesides(c, gateway) ?? '' });
    });
    if (frr) bridgeProblems(ctx, leaf, m, routerMacOwner, problems);
    if (problems.length > 0) f.add(V.ownAddressInconsistent, { device: m.name, at: keysOf(ctx, leaf) }, m.name, problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : ''));
  });

  const at = (network: string): string[] => [`network:${network}.subnet`, `network:${network}`];
  const clashes: [string, Float64Array][] = [];
  byNetwork.forEach(({ packed }, network) => {
    if (packed.length < 2) return;
    // A typed array sorts numbers natively, without a comparison function.
    const list = new Float64Array(packed).sort();
    let previous = Math.floor((list[0] ?? 0) / scale);
    for (let i = 1; i < list.length; i++) {
      const address = Math.floor((list[i] ?? 0) / scale);
      if (address === previous) {
        clashes.push([network, list]);
        return;
      }
      previous = address;
    }
  });
  for (const [network, list] of clashes.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    /** Each shared address with its leaves, in address order. */
    const shared: { address: number; leaves: number[] }[] = [];
    for (let i = 0; i < list.length; ) {
      const address = Math.floor((list[i] ?? 0) / scale);
      const leaves: number[] = [];
      for (; i < list.length && Math.floor((list[i] ?? 0) / scale) === address; i++) leaves.push((list[i] ?? 0) % scale);
      if (leaves.length > 1) shared.push({ address, leaves });
    }
    const first = shared[0];
    if (first === undefined) continue;
    const detail = `${listNames(first.leaves.map((l) => nameOf(ctx, l)), 3)} ${first.leaves.length === 2 ? 'both' : 'all'} have ${formatAddress(first.address)}`;
    const more = shared.length > 1 ? ` (and ${shared.length - 1} more shared address${shared.length === 2 ? '' : 'es'})` : '';
    f.add(V.ownAddressClash, { device: nameOf(ctx, first.leaves[1] ?? 0), at: at(network) }, network, detail + more);
  }
  for (const [network, list] of [...notHosts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const first = list[0];
    if (first === undefined) continue;
    const more = list.length > 1 ? ` (and ${list.length - 1} more lea${list.length === 2 ? 'f' : 'ves'})` : '';
    f.add(V.ownAddressNotAHost, { device: nameOf(ctx, first.leaf), at: at(network) }, first.address, nameOf(ctx, first.leaf), network, `${first.why}${more}`);
  }
  // Coverage: the networks with FRR leaves lacking an own address that a segment of an FRR leaf
  // carries, found from the port-channels, stopping once each such network has its segment.
  // Verifying an intent, a network the compiler left without them has had its warning (CLOS3147).
  const lacking = new Map<string, number[]>();
  const withheld = ctx.declared?.withheldOwnAddresses;
  byNetwork.forEach((r, network) => {
    if (r.without.length > 0 && withheld?.has(network) !== true) lacking.set(network, r.without);
  });
  /** Network → the first port-channel of a segment carrying it, in words. */
  const carried = new Map<string, string>();
  for (let i = 0; i < fg.leaves.length && carried.size < lacking.size; i++) {
    const m = fg.devices[fg.leaves[i] ?? -1]?.model;
    if (m?.platform !== 'frr') continue;
    for (const lag of m.interfaces.lags) {
      if (lag.segment === null) continue;
      for (const n of lag.networks) if (lacking.has(n) && !carried.has(n)) carried.set(n, `${lag.name} of '${m.name}', server '${lag.server}'`);
    }
  }
  for (const [network, segment] of [...carried].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const names = (lacking.get(network) ?? []).map((l) => nameOf(ctx, l));
    f.add(V.ownAddressMissing, { device: names[0] ?? '', at: at(network) }, network, segment, listNames(names, 3), names.length);
  }
}

/** Why an own address is no host address of the gateway's subnet beside the gateway, or undefined. */
function notAHostBesides(c: Cidr | undefined, gateway: Cidr): string | undefined {
  const subnet = `${formatAddress(gateway.base)}/${gateway.length}`;
  if (c === undefined) return 'is not an address with a prefix length';
  if (c.address < gateway.base || c.address >= gateway.base + gateway.size) return `is outside the subnet ${subnet}`;
  if (c.length !== gateway.length) return `has prefix length /${c.length}, not the subnet's /${gateway.length} (another connected route)`;
  if (c.address === gateway.address) return 'is the anycast gateway';
  if (c.address === c.base) return `is the network address of ${subnet}`;
  if (c.address === c.base + c.size - 1) return `is the broadcast address of ${subnet}`;
  return undefined;
}

/**
 * An FRR leaf's bridges against its own addresses: each routed bridge has a gateway device exactly
 * where it has an own address, that device is the one interfaces.sh keeps, the bridge carries the
 * leaf's MAC beside it, and the VNI announces the SVI's address exactly where it is the leaf's own.
 */
function bridgeProblems(ctx: VerifyContext, leaf: number, m: DeviceModel, routerMacOwner: (mac: string) => number | undefined, problems: string[]): void {
  const linux = m.linux;
  if (linux === null) return;
  const anycast = (m.anycastGateway?.mac ?? '').toLowerCase();
  // The leaf's router MAC as written (the build writes every MAC of a leaf alike): most bridges
  // carry it, and comparing the text first spares a lower-case copy and a lookup per bridge.
  const routerMac = linux.l3vniBridges[0]?.mac;
  const ownMac = routerMac === undefined || routerMac.toLowerCase() === anycast ? undefined : routerMac;
  const listed = unread(linux.gateways);
  /** linux.gateways is in the bridges' order: walked along with them, searched only out of step. */
  let next = 0;
  const unlisted: string[] = [];
  let segmentVlans: Set<number> | undefined;
  linux.bridges.forEach((b) => {
    const own = b.ownAddress ?? null;
    const device = b.gateway ?? null;
    if (b.address === null) {
      if (device !== null) problems.push(`the Linux bridge ${b.name} of a layer-2-only VLAN has the gateway device ${device}`);
      return;
    }
    if (device === null) {
      if (own !== null) problems.push(`the Linux bridge ${b.name} holds its own address ${own} beside the gateway ${b.address} with no gateway device (linux.bridges[].gateway): it asks for its hosts from the anycast MAC, so their replies can reach another leaf`);
      return;
    }
    if (own === null) problems.push(`the Linux bridge ${b.name} has the gateway device ${device} but no own address: interfaces.sh leaves the SVI without one, and the leaf asks for its hosts from the gateway device with the anycast MAC`);
    if (!isGatewayDeviceOf(device, b.vlan)) problems.push(`the gateway device of the Linux bridge ${b.name} is ${device}, not ${gatewayDeviceName(b.vlan)}: interfaces.sh keeps and removes gateway devices by that name`);
    else if (listed !== undefined) {
      if (listed[next] === device) next++;
      else if (!listed.includes(device)) unlisted.push(device);
    }
    if (b.mac === ownMac) return;
    const mac = b.mac.toLowerCase();
    if (mac === anycast) {
      // A session address's bridge in a VLAN of a segment: CLOS5241 says it (host-pools.ts).
      segmentVlans ??= new Set(m.interfaces.lags.flatMap((l) => (l.segment === null ? [] : l.vlans)));
      if ((b.sessionAddress ?? null) === null || !segmentVlans.has(b.vlan)) {
        problems.push(`the Linux bridge ${b.name} keeps the anycast MAC ${b.mac} beside its gateway device ${device}: the leaf asks for its hosts from its own address ${own ?? ''} with the anycast MAC, so their replies can reach another leaf`);
      }
      return;
    }
    // The leaf's own MAC is its router MAC (the L3VNI bridges'); another leaf's would answer for
    // this leaf's own address there too. A MAC of no other leaf is the leaf's alone: not judged.
    const owner = routerMacOwner(mac);
    if (owner !== undefined && owner !== leaf && !linux.l3vniBridges.some((x) => x.mac.toLowerCase() === mac)) {
      problems.push(`the Linux bridge ${b.name} carries ${b.mac} beside its gateway device, the router MAC of '${ctx.fg.devices[owner]?.name ?? ''}': both leaves answer for this leaf's own address ${own ?? ''}`);
    }
  });
  if (unlisted.length > 0) problems.push(`linux.gateways lacks ${listNames(unlisted, 3, false)}, so every run of interfaces.sh deletes ${unlisted.length === 1 ? 'that gateway device' : 'those gateway devices'} and makes ${unlisted.length === 1 ? 'it' : 'them'} again`);
  // The VNIs (by VNI) and the bridges (by VLAN) are in one order where VNIs follow VLANs: walked
  // together, searched only out of step. The VNI's bridge is the one of its VXLAN device: a VNI
  // whose VLAN was moved by hand keeps it (CLOS5032 and CLOS5108 judge the mapping; a VNI without
  // a bridge is theirs too).
  let at = 0;
  let byVni: Map<number, (typeof linux.bridges)[number]> | undefined;
  m.bgp.evpn.vnis.forEach((v) => {
    let b = linux.bridges[at];
    if (b?.vni === v.vni) at++;
    else b = (byVni ??= new Map(linux.bridges.map((x) => [x.vni, x]))).get(v.vni);
    if (b === undefined) return;
    const own = b.address === null ? null : (b.ownAddress ?? null);
    const announced = unread(v.advertiseSviIp) === true;
    if (own !== null && !announced) problems.push(`VNI ${v.vni} does not announce its SVI's address (advertise-svi-ip), so no other leaf learns the MAC of the own address ${own} from EVPN, which bridges a host's reply that reaches another leaf back to this one`);
    else if (own === null && announced) problems.push(`VNI ${v.vni} announces its SVI's address (advertise-svi-ip), but the Linux bridge ${b.name} has no own address: advertise-svi-ip is for an SVI address unique to the VTEP, not the gateway every leaf has`);
  });
}

/** Whether `device` is `vlan<vlan>-v0` (gatewayDeviceName), read without building the name. */
function isGatewayDeviceOf(device: string, vlan: number): boolean {
  const end = device.length - 3;
  // 'v' 'l' 'a' 'n', then digits without a leading zero, then '-' 'v' '0'.
  if (end <= 4 || device.charCodeAt(0) !== 118 || device.charCodeAt(1) !== 108 || device.charCodeAt(2) !== 97 || device.charCodeAt(3) !== 110) return false;
  if (device.charCodeAt(end) !== 45 || device.charCodeAt(end + 1) !== 118 || device.charCodeAt(end + 2) !== 48 || device.charCodeAt(4) === 48) return false;
  let n = 0;
  for (let i = 4; i < end; i++) {
    const c = device.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    n = n * 10 + (c - 48);
  }
  return n === vlan;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
