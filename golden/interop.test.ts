/**
 * Mixed-fabric interop, read back from the rendered configurations of the `mixed` example (EOS
 * spines, NX-OS, FRR and EOS leaves): both ends of every BGP session agree on ASNs, address
 * families, BFD, multihop TTL and extended communities; route servers keep the EVPN next hop; BFD
 * timers are identical on every platform; and every leaf imports the route targets every other
 * leaf exports for the VNIs they share.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceModel, Platform } from '../compiler/build/device-model.js';
import { compileExample } from '../test-helpers/examples.js';
import { configFile, readBgpFacts, type BgpFacts, type RouteTargetFacts } from './interop.js';

interface Device {
  readonly model: DeviceModel;
  readonly facts: BgpFacts;
}

function loadMixed(): Map<string, Device> {
  const { files } = compileExample('mixed', undefined);
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const devices = new Map<string, Device>();
  for (const f of files) {
    if (!f.path.endsWith('/model.json')) continue;
    const model = JSON.parse(f.content) as DeviceModel;
    const config = byPath.get(`${model.name}/${configFile[model.platform]}`);
    if (config === undefined) throw new Error(`no configuration for ${model.name}`);
    devices.set(model.name, { model, facts: readBgpFacts(model.platform, config) });
  }
  return devices;
}

/** The partner of an address on a /31. */
function partner(address: string): string {
  const parts = address.split('.').map(Number);
  const last = parts[3] ?? 0;
  parts[3] = last % 2 === 0 ? last + 1 : last - 1;
  return parts.join('.');
}

describe('mixed fabric interop (EOS spines; NX-OS, FRR and EOS leaves)', () => {
  const devices = loadMixed();
  const owner = new Map<string, Device>();
  for (const d of devices.values()) {
    owner.set(d.model.routerId, d);
    for (const i of d.model.interfaces.fabric) owner.set(i.address.split('/')[0] ?? '', d);
  }

  it('uses all three platforms, with EOS spines', () => {
    const platforms = new Set<Platform>([...devices.values()].map((d) => d.model.platform));
    expect([...platforms].sort()).toEqual(['eos', 'frr', 'nxos']);
    for (const d of devices.values()) if (d.model.role === 'spine') expect(d.model.platform).toBe('eos');
  });

  it('every session is configured on both ends with matching ASNs, address families, BFD, TTL and communities', () => {
    let checked = 0;
    for (const d of devices.values()) {
      expect(d.facts.asn, d.model.name).toBe(d.model.asn);
      expect(d.facts.sessions.length, `${d.model.name} sessions`).toBe(d.model.bgp.neighbors.length);
      for (const s of d.facts.sessions) {
        const peer = owner.get(s.address);
        expect(peer, `${d.model.name}: nobody owns ${s.address}`).toBeDefined();
        if (peer === undefined) continue;
        const loopbackSession = peer.model.routerId === s.address;
        const back = peer.facts.sessions.find((p) => p.address === (loopbackSession ? d.model.routerId : partner(s.address)));
        const where = `${d.model.name} (${d.model.platform}) -> ${peer.model.name} (${peer.model.platform}) ${s.address}`;
        expect(back, `${where}: no session back`).toBeDefined();
        if (back === undefined) continue;
        expect(s.remoteAs, `${where}: remote-as`).toBe(peer.facts.asn);
        expect(back.remoteAs, `${where}: remote-as back`).toBe(d.facts.asn);
        expect(s.afs, `${where}: address families`).toEqual(back.afs);
        expect(s.afs.length, `${where}: no address family`).toBe(1);
        expect(s.bfd, `${where}: BFD`).toBe(back.bfd);
        expect(s.bfd, `${where}: BFD on`).toBe(true);
        expect(s.multihop, `${where}: multihop TTL`).toBe(back.multihop);
        expect(s.multihop !== null, `${where}: multihop only between loopbacks`).toBe(loopbackSession);
        if (s.afs.includes('l2vpn-evpn')) {
          expect(s.sendExtended && back.sendExtended, `${where}: extended communities`).toBe(true);
          const spineEnd = d.model.role === 'spine' ? s : back;
          expect(spineEnd.nextHopUnchanged, `${where}: route server keeps the EVPN next hop`).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBe([...devices.values()].reduce((n, d) => n + d.model.bgp.neighbors.length, 0));
  });

  it('BFD timers are identical on every platform', () => {
    const timers = new Set<string>();
    for (const d of devices.values()) {
      expect(d.facts.bfdTimers.size, d.model.name).toBeGreaterThan(0);
      for (const t of d.facts.bfdTimers) timers.add(t);
    }
    expect([...timers]).toEqual(['300/300/3']);
  });

  for (const kind of ['l2', 'l3'] as const) {
    it(`${kind === 'l2' ? 'L2VNI' : 'L3VNI'} route targets: every leaf imports what every other leaf exports`, () => {
      const carriers = new Map<number, { device: Device; rts: RouteTargetFacts }[]>();
      for (const d of devices.values()) {
        for (const [vni, rts] of d.facts[kind]) {
          expect(vni, `${d.model.name}: route targets of an unknown VNI`).toBeGreaterThan(0);
          expect(rts.export.length, `${d.model.name} VNI ${vni} exports`).toBeGreaterThan(0);
          carriers.set(vni, [...(carriers.get(vni) ?? []), { device: d, rts }]);
        }
      }
      let crossPlatform = 0;
      for (const [vni, list] of carriers) {
        if (new Set(list.map((c) => c.device.model.platform)).size > 1) crossPlatform++;
        for (const a of list) {
          for (const b of list) {
            if (a === b) continue;
            for (const rt of a.rts.export) expect(b.rts.import, `VNI ${vni}: ${b.device.model.name} imports ${rt} from ${a.device.model.name}`).toContain(rt);
          }
        }
      }
      expect(crossPlatform, 'VNIs carried by leaves of different platforms').toBeGreaterThan(0);
    });
  }
});
