import { describe, expect, it } from 'vitest';
import { compileIntent } from '../compiler/compile.js';
import { formatDiagnostic } from '../compiler/diagnostics/format.js';
import { generateIntent, type FabricShape } from './generate-intent.js';
import { Random } from './random.js';
import { benchSizes, ciSizes } from './sizes.js';

const small: FabricShape = { spines: 4, leaves: 24, tenants: 5, vrfs: 9, networks: 120, networksPerLeaf: 30, serversPerLeaf: 10, seed: 42 };

function compile(shape: FabricShape): NonNullable<ReturnType<typeof compileIntent>['fabric']> {
  const generated = generateIntent(shape);
  const result = compileIntent(generated.files);
  expect(result.diagnostics.map((d) => formatDiagnostic(d, { color: false }))).toEqual([]);
  if (result.fabric === undefined || result.devices === undefined) throw new Error('the generated intent did not compile');
  return result.fabric;
}

describe('generateIntent', () => {
  it('is deterministic: the same seed gives the same files', () => {
    expect(generateIntent(small)).toEqual(generateIntent(small));
  });

  it('gives another fabric of the same shape for another seed', () => {
    const a = generateIntent(small);
    const b = generateIntent({ ...small, seed: 43 });
    expect(a.files.map((f) => f.text)).not.toEqual(b.files.map((f) => f.text));
    expect(a.stats.networks).toBe(b.stats.networks);
    expect(a.stats.serverPorts).toBe(b.stats.serverPorts);
  });

  it('writes an intent that compiles without a diagnostic and honours every requested size', () => {
    const fabric = compile(small);
    expect(fabric.spines).toHaveLength(small.spines);
    expect(fabric.leaves).toHaveLength(small.leaves);
    expect(fabric.tenants).toHaveLength(small.tenants);
    expect(fabric.vrfs).toHaveLength(small.vrfs);
    expect(fabric.networks).toHaveLength(small.networks);
    for (const leaf of fabric.leaves) {
      expect(leaf.networks, leaf.name).toHaveLength(small.networksPerLeaf);
      expect(leaf.serverPorts, leaf.name).toHaveLength(small.serversPerLeaf);
    }
    const { stats } = generateIntent(small);
    expect(fabric.servers).toHaveLength(stats.servers);
    expect(stats.serverPorts).toBe(small.leaves * small.serversPerLeaf);
  });

  it('dual-homes about half the servers across the two leaves of their rack, as Ethernet segments', () => {
    const fabric = compile(small);
    const { stats } = generateIntent(small);
    const dual = fabric.servers.filter((s) => s.leaves.length === 2);
    expect(dual).toHaveLength(stats.dualHomedServers);
    expect(fabric.segments).toHaveLength(stats.dualHomedServers);
    expect(stats.dualHomedServers / stats.servers).toBeGreaterThan(0.35);
    expect(stats.dualHomedServers / stats.servers).toBeLessThan(0.65);
    const rackOf = new Map(fabric.leaves.map((l) => [l.name, l.rack]));
    for (const s of dual) {
      expect(rackOf.get(s.leaves[0] ?? ''), s.name).toBe(rackOf.get(s.leaves[1] ?? ''));
      expect(s.bond).toBe('lacp');
      expect(new Set(s.attachments.map((a) => a.port)).size, s.name).toBe(1);
    }
  });

  it('dual-homes no server with dualHomed 0', () => {
    const fabric = compile({ ...small, dualHomed: 0 });
    expect(fabric.segments).toEqual([]);
    expect(fabric.servers).toHaveLength(small.leaves * small.serversPerLeaf);
  });

  it('hands every VRF off on a border pair and gives each pod a network of BGP hosts', () => {
    const generated = generateIntent(small);
    const fabric = compile(small);
    const borders = fabric.leaves.slice(0, 2).map((l) => l.name);
    for (const vrf of fabric.vrfs) expect(vrf.external?.peers.map((p) => p.leaf), vrf.name).toEqual(borders);
    for (const leaf of fabric.leaves.slice(0, 2)) expect(leaf.vrfs).toHaveLength(small.vrfs);
    expect(generated.stats.externalSessions).toBe(2 * small.vrfs);
    const hosts = fabric.networks.filter((n) => n.bgpHosts !== null);
    expect(hosts.length).toBe(generated.stats.hostNetworks);
    expect(hosts.length).toBeGreaterThan(0);
    for (const n of hosts) expect(n.bgpHosts?.sessions.map((s) => s.leaf)).toEqual(n.leaves);
  });

  it('leaves the exits and the BGP hosts out when asked, and nothing else changes', () => {
    const without = generateIntent({ ...small, exits: false, hostBgp: false });
    const fabric = compile({ ...small, exits: false, hostBgp: false });
    expect(fabric.vrfs.filter((v) => v.external !== null)).toEqual([]);
    expect(fabric.networks.filter((n) => n.bgpHosts !== null)).toEqual([]);
    expect([without.stats.externalSessions, without.stats.hostNetworks]).toEqual([0, 0]);
    const strip = (text: string): string => text.replace(/\n {8}external:\n {10}peers:(\n {12}- [^\n]*)+/g, '').replace(/, bgp_hosts: \{[^}]*\}/g, '');
    expect(without.files.map((f) => f.text)).toEqual(generateIntent(small).files.map((f) => strip(f.text)));
  });

  it('splits unevenly when it must, never above networksPerLeaf, and says so', () => {
    const shape: FabricShape = { ...small, networks: 101, networksPerLeaf: 17 };
    const generated = generateIntent(shape);
    const fabric = compile(shape);
    const counts = fabric.leaves.map((l) => l.networks.length);
    expect(fabric.networks).toHaveLength(101);
    expect(Math.max(...counts)).toBe(generated.stats.maxNetworksPerLeaf);
    expect(Math.min(...counts)).toBe(generated.stats.minNetworksPerLeaf);
    expect(generated.stats.maxNetworksPerLeaf).toBeLessThanOrEqual(17);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(generated.stats.networkPlacements);
  });

  it('handles one spine, one leaf, one tenant and no servers', () => {
    const fabric = compile({ spines: 1, leaves: 1, tenants: 1, vrfs: 1, networks: 3, networksPerLeaf: 3, serversPerLeaf: 0, seed: 1 });
    expect(fabric.leaves[0]?.networks).toHaveLength(3);
    expect(fabric.servers).toHaveLength(0);
  });

  it('renders platform and name into the intent', () => {
    const fabric = compile({ ...small, platform: 'eos', name: 'dc9' });
    expect(fabric.name).toBe('dc9');
    expect(fabric.settings.platform).toBe('eos');
  });

  it('rejects shapes that cannot exist', () => {
    expect(() => generateIntent({ ...small, vrfs: 2 })).toThrow(/every tenant needs a VRF/);
    expect(() => generateIntent({ ...small, networksPerLeaf: 500 })).toThrow(/cannot exceed/);
    expect(() => generateIntent({ ...small, leaves: 2, networks: 120, networksPerLeaf: 10 })).toThrow(/pods/);
    expect(() => generateIntent({ ...small, spines: 0 })).toThrow(/positive integer/);
    expect(() => generateIntent({ ...small, networks: 4000, networksPerLeaf: 4000, vrfs: 200 })).toThrow(/VLANs/);
  });

  it('splits every benchmark size exactly', () => {
    for (const size of [...benchSizes, ...ciSizes]) {
      const { stats } = generateIntent({ ...size, seed: 1 });
      expect(stats.minNetworksPerLeaf, size.label).toBe(size.networksPerLeaf);
      expect(stats.maxNetworksPerLeaf, size.label).toBe(size.networksPerLeaf);
      expect(stats.networks, size.label).toBe(size.networks);
      expect(stats.serverPorts, size.label).toBe(size.leaves * size.serversPerLeaf);
      expect(stats.servers + stats.dualHomedServers, size.label).toBe(stats.serverPorts);
    }
  });

  it('compiles the CI sizes cleanly', () => {
    for (const size of ciSizes) compile({ ...size, seed: 1 });
  });
});

describe('Random', () => {
  it('repeats its sequence for a seed', () => {
    const a = new Random(7);
    const b = new Random(7);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(new Set(xs).size).toBe(5);
  });

  it('stays in range and samples without repetition', () => {
    const r = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
    const picked = r.sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(picked).size).toBe(4);
    expect(r.sample([1, 2], 5)).toHaveLength(2);
  });
});
