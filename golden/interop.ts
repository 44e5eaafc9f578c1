/**
 * Reads back, from rendered FRR, EOS and NX-OS configurations, the facts two BGP speakers must
 * agree on: ASNs, sessions and their address families, BFD, multihop TTL, extended communities,
 * next-hop handling on route servers, BFD timers and EVPN route targets. The interop test compares
 * them across the ends of every session of a mixed fabric. Only what the templates emit is
 * understood; this is a test reader, not a configuration parser.
 */
import type { Platform } from '../compiler/build/device-model.js';

export interface SessionFacts {
  readonly address: string;
  remoteAs: number;
  readonly group: string;
  afs: string[];
  bfd: boolean;
  multihop: number | null;
  sendExtended: boolean;
  nextHopUnchanged: boolean;
}

export interface RouteTargetFacts {
  readonly import: string[];
  readonly export: string[];
}

export interface BgpFacts {
  asn: number;
  readonly sessions: SessionFacts[];
  /** By VNI. */
  readonly l2: Map<number, RouteTargetFacts>;
  /** By L3VNI. */
  readonly l3: Map<number, RouteTargetFacts>;
  /** `interval/min-rx/multiplier` for single-hop and multihop sessions. */
  readonly bfdTimers: Set<string>;
}

interface Node {
  readonly text: string;
  readonly children: Node[];
}

/** Lines → tree by indentation; comments, blank lines and FRR's exit lines are dropped. */
export function parseTree(config: string): Node[] {
  const root: Node = { text: '', children: [] };
  const stack: { indent: number; node: Node }[] = [{ indent: -1, node: root }];
  for (const raw of config.split('\n')) {
    const text = raw.trim();
    if (text === '' || text.startsWith('!') || text.startsWith('#') || /^exit(-address-family|-vni|-vrf)?$/.test(text)) continue;
    const indent = raw.length - raw.trimStart().length;
    while ((stack[stack.length - 1]?.indent ?? -1) >= indent) stack.pop();
    const node: Node = { text, children: [] };
    (stack[stack.length - 1]?.node ?? root).children.push(node);
    stack.push({ indent, node });
  }
  return root.children;
}

function newFacts(): BgpFacts {
  return { asn: 0, sessions: [], l2: new Map(), l3: new Map(), bfdTimers: new Set() };
}

function rts(map: Map<number, RouteTargetFacts>, vni: number): RouteTargetFacts {
  let f = map.get(vni);
  if (f === undefined) {
    f = { import: [], export: [] };
    map.set(vni, f);
  }
  return f;
}

interface Group {
  afs: Set<string>;
  bfd: boolean;
  multihop: number | null;
  sendExtended: boolean;
  nextHopUnchanged: boolean;
}

const newGroup = (sendExtended: boolean): Group => ({ afs: new Set(), bfd: false, multihop: null, sendExtended, nextHopUnchanged: false });

function finish(facts: BgpFacts, groups: Map<string, Group>, neighbors: Map<string, { remoteAs: number; group: string }>): BgpFacts {
  for (const [address, n] of neighbors) {
    const g = groups.get(n.group) ?? newGroup(false);
    facts.sessions.push({ address, remoteAs: n.remoteAs, group: n.group, afs: [...g.afs].sort(), bfd: g.bfd, multihop: g.multihop, sendExtended: g.sendExtended, nextHopUnchanged: g.nextHopUnchanged });
  }
  return facts;
}

const num = (s: string | undefined): number => Number(s ?? NaN);

export function readEos(config: string): BgpFacts {
  const facts = newFacts();
  const groups = new Map<string, Group>();
  const neighbors = new Map<string, { remoteAs: number; group: string }>();
  const vniOfVlan = new Map<number, number>();
  const vniOfVrf = new Map<string, number>();
  const tree = parseTree(config);
  for (const top of tree) {
    if (top.text === 'interface Vxlan1') {
      for (const c of top.children) {
        let m = /^vxlan vlan (\d+) vni (\d+)$/.exec(c.text);
        if (m) vniOfVlan.set(num(m[1]), num(m[2]));
        m = /^vxlan vrf (\S+) vni (\d+)$/.exec(c.text);
        if (m?.[1] !== undefined) vniOfVrf.set(m[1], num(m[2]));
      }
    }
    if (top.text === 'router bfd') {
      for (const c of top.children) {
        const m = /^(?:multihop )?interval (\d+) min-rx (\d+) multiplier (\d+)/.exec(c.text);
        if (m) facts.bfdTimers.add(`${m[1]}/${m[2]}/${m[3]}`);
      }
    }
  }
  for (const top of tree) {
    const bgp = /^router bgp (\d+)$/.exec(top.text);
    if (!bgp) continue;
    facts.asn = num(bgp[1]);
    for (const c of top.children) {
      let m: RegExpExecArray | null;
      if ((m = /^neighbor ([A-Za-z]\S*) peer group$/.exec(c.text)) && m[1] !== undefined) groups.set(m[1], newGroup(false));
      else if ((m = /^neighbor ([A-Za-z]\S*) (bfd|next-hop-unchanged|send-community extended|ebgp-multihop (\d+))$/.exec(c.text))) {
        const g = groups.get(m[1] ?? '');
        if (g === undefined) continue;
        if (m[2] === 'bfd') g.bfd = true;
        else if (m[2] === 'next-hop-unchanged') g.nextHopUnchanged = true;
        else if (m[2] === 'send-community extended') g.sendExtended = true;
        else g.multihop = num(m[3]);
      } else if ((m = /^neighbor ([\d.]+) (peer group (\S+)|remote-as (\d+))$/.exec(c.text)) && m[1] !== undefined) {
        const n = neighbors.get(m[1]) ?? { remoteAs: 0, group: '' };
        if (m[3] !== undefined) n.group = m[3];
        if (m[4] !== undefined) n.remoteAs = num(m[4]);
        neighbors.set(m[1], n);
      } else if ((m = /^vlan (\d+)$/.exec(c.text))) {
        readRouteTargets(c, rts(facts.l2, vniOfVlan.get(num(m[1])) ?? -1), /^route-target (import|export) (\S+)$/);
      } else if ((m = /^vrf (\S+)$/.exec(c.text)) && m[1] !== undefined) {
        readRouteTargets(c, rts(facts.l3, vniOfVrf.get(m[1]) ?? -1), /^route-target (import|export) evpn (\S+)$/);
      } else if (c.text === 'address-family evpn' || c.text === 'address-family ipv4') {
        const af = c.text === 'address-family evpn' ? 'l2vpn-evpn' : 'ipv4-unicast';
        for (const a of c.children) {
          const act = /^neighbor (\S+) activate$/.exec(a.text);
          if (act) groups.get(act[1] ?? '')?.afs.add(af);
        }
      }
    }
  }
  return finish(facts, groups, neighbors);
}

export function readNxos(config: string): BgpFacts {
  const facts = newFacts();
  const groups = new Map<string, Group>();
  const neighbors = new Map<string, { remoteAs: number; group: string }>();
  const nextHopMaps = new Set<string>();
  const tree = parseTree(config);
  for (const top of tree) {
    let m = /^bfd (?:multihop )?interval (\d+) min_rx (\d+) multiplier (\d+)$/.exec(top.text);
    if (m) facts.bfdTimers.add(`${m[1]}/${m[2]}/${m[3]}`);
    m = /^route-map (\S+) permit \d+$/.exec(top.text);
    if (m?.[1] !== undefined && top.children.some((c) => c.text === 'set ip next-hop unchanged')) nextHopMaps.add(m[1]);
    m = /^vrf context (\S+)$/.exec(top.text);
    if (m) {
      const vni = num(/^vni (\d+)$/.exec(top.children.find((c) => c.text.startsWith('vni '))?.text ?? '')?.[1]);
      for (const af of top.children.filter((c) => c.text === 'address-family ipv4 unicast')) readRouteTargets(af, rts(facts.l3, vni), /^route-target (import|export) (\S+) evpn$/);
    }
    if (top.text === 'evpn') {
      for (const v of top.children) {
        const vm = /^vni (\d+) l2$/.exec(v.text);
        if (vm) readRouteTargets(v, rts(facts.l2, num(vm[1])), /^route-target (import|export) (\S+)$/);
      }
    }
  }
  for (const top of tree) {
    const bgp = /^router bgp (\d+)$/.exec(top.text);
    if (!bgp) continue;
    facts.asn = num(bgp[1]);
    for (const c of top.children) {
      let m = /^template peer (\S+)$/.exec(c.text);
      if (m?.[1] !== undefined) {
        const g = newGroup(false);
        groups.set(m[1], g);
        for (const t of c.children) {
          if (t.text === 'bfd' || t.text === 'bfd multihop') g.bfd = true;
          const hop = /^ebgp-multihop (\d+)$/.exec(t.text);
          if (hop) g.multihop = num(hop[1]);
          const af = /^address-family (ipv4 unicast|l2vpn evpn)$/.exec(t.text);
          if (af?.[1] !== undefined) {
            g.afs.add(af[1].replace(' ', '-'));
            for (const p of t.children) {
              if (p.text === 'send-community extended' || p.text === 'send-community both') g.sendExtended = true;
              const rm = /^route-map (\S+) out$/.exec(p.text);
              if (rm?.[1] !== undefined && nextHopMaps.has(rm[1])) g.nextHopUnchanged = true;
            }
          }
        }
        continue;
      }
      m = /^neighbor ([\d.]+)$/.exec(c.text);
      if (m?.[1] !== undefined) {
        const n = { remoteAs: 0, group: '' };
        for (const t of c.children) {
          const inh = /^inherit peer (\S+)$/.exec(t.text);
          if (inh?.[1] !== undefined) n.group = inh[1];
          const ras = /^remote-as (\d+)$/.exec(t.text);
          if (ras) n.remoteAs = num(ras[1]);
        }
        neighbors.set(m[1], n);
      }
    }
  }
  return finish(facts, groups, neighbors);
}

export function readFrr(config: string): BgpFacts {
  const facts = newFacts();
  // FRR sends every community type to every peer unless told otherwise: groups start with sendExtended.
  const groups = new Map<string, Group>();
  const neighbors = new Map<string, { remoteAs: number; group: string }>();
  const vniOfVrf = new Map<string, number>();
  const tree = parseTree(config);
  for (const top of tree) {
    const vrf = /^vrf (\S+)$/.exec(top.text);
    const vni = /^vni (\d+)$/.exec(top.children[0]?.text ?? '');
    if (vrf?.[1] !== undefined && vni) vniOfVrf.set(vrf[1], num(vni[1]));
    if (top.text === 'bfd') {
      for (const profile of top.children) {
        const t = new Map(profile.children.map((c) => [c.text.split(' ')[0], c.text.split(' ')[1]]));
        facts.bfdTimers.add(`${t.get('transmit-interval')}/${t.get('receive-interval')}/${t.get('detect-multiplier')}`);
      }
    }
  }
  for (const top of tree) {
    const bgp = /^router bgp (\d+)( vrf (\S+))?$/.exec(top.text);
    if (!bgp) continue;
    if (bgp[3] !== undefined) {
      const l3 = rts(facts.l3, vniOfVrf.get(bgp[3]) ?? -1);
      for (const af of top.children.filter((c) => c.text === 'address-family l2vpn evpn')) readRouteTargets(af, l3, /^route-target (import|export) (\S+)$/);
      continue;
    }
    facts.asn = num(bgp[1]);
    for (const c of top.children) {
      let m: RegExpExecArray | null;
      if ((m = /^neighbor ([A-Za-z]\S*) peer-group$/.exec(c.text)) && m[1] !== undefined) groups.set(m[1], newGroup(true));
      else if ((m = /^neighbor ([A-Za-z]\S*) (bfd|attribute-unchanged next-hop|ebgp-multihop (\d+))$/.exec(c.text))) {
        const g = groups.get(m[1] ?? '');
        if (g === undefined) continue;
        if (m[2] === 'bfd') g.bfd = true;
        else if (m[3] !== undefined) g.multihop = num(m[3]);
      } else if ((m = /^neighbor ([\d.]+) (peer-group (\S+)|remote-as (\d+))$/.exec(c.text)) && m[1] !== undefined) {
        const n = neighbors.get(m[1]) ?? { remoteAs: 0, group: '' };
        if (m[3] !== undefined) n.group = m[3];
        if (m[4] !== undefined) n.remoteAs = num(m[4]);
        neighbors.set(m[1], n);
      } else if ((m = /^address-family (ipv4 unicast|l2vpn evpn)$/.exec(c.text)) && m[1] !== undefined) {
        const af = m[1].replace(' ', '-');
        for (const a of c.children) {
          const act = /^neighbor (\S+) (activate|attribute-unchanged next-hop)$/.exec(a.text);
          const g = groups.get(act?.[1] ?? '');
          if (g === undefined) continue;
          if (act?.[2] === 'activate') g.afs.add(af);
          else g.nextHopUnchanged = true;
          // bgpd keeps the next hop of l2vpn evpn routes by default (bgpd.c peer_new) and never shows it.
          if (act?.[2] === 'activate' && af === 'l2vpn-evpn') g.nextHopUnchanged = true;
        }
        for (const a of c.children) {
          const vni = /^vni (\d+)$/.exec(a.text);
          if (vni) readRouteTargets(a, rts(facts.l2, num(vni[1])), /^route-target (import|export) (\S+)$/);
        }
      }
    }
  }
  return finish(facts, groups, neighbors);
}

function readRouteTargets(node: Node, into: RouteTargetFacts, re: RegExp): void {
  for (const c of node.children) {
    const m = re.exec(c.text);
    if (m?.[2] === undefined) continue;
    (m[1] === 'import' ? into.import : into.export).push(m[2]);
  }
}

export function readBgpFacts(platform: Platform, config: string): BgpFacts {
  switch (platform) {
    case 'eos':
      return readEos(config);
    case 'nxos':
      return readNxos(config);
    case 'frr':
      return readFrr(config);
  }
}

export const configFile: Readonly<Record<Platform, string>> = { eos: 'eos.cfg', nxos: 'nxos.cfg', frr: 'frr.conf' };
