/**
 * Host pools (check 12): every leaf carrying a network whose hosts speak BGP listens for them
 * (CLOS5247); its leaves accept the same prefixes from the hosts (CLOS5248) and, on an intent, the
 * network's declared `accept` (CLOS5249). dc1's network k8s-nodes has BGP hosts on dc1-leaf17 and
 * dc1-leaf18.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { exampleModels } from '../../test-helpers/examples.js';
import { editModels, find, type Editable } from '../../test-helpers/mutate.js';
import { verifyCompiled, verifyFabric } from '../verify.js';
import { parseDeviceModel } from '../read-model.js';
import { serializeModel } from '../../compiler/render/model-json.js';
import type { VerifyReport } from '../types.js';

const { fabric, devices } = exampleModels('dc1');
const hostLeaves = ['dc1-leaf17', 'dc1-leaf18'];

type Model = Editable<DeviceModel>;

/** The models with each of `leaves` edited by `edit`, read back as `clos verify <dir>` reads them. */
const edited = (leaves: readonly string[], edit: (m: Model) => void): DeviceModel[] => editModels(devices, leaves, edit);

function findings(report: VerifyReport): string[] {
  return report.checks.flatMap((c) => c.diagnostics.filter((d) => /^CLOS52(4[789]|5[1-4])$/.test(d.code)).map((d) => `${d.code} ${d.device ?? ''}: ${d.message}`));
}

/** As `clos verify <build dir>` does: the models only. */
const fromModels = (models: readonly DeviceModel[]): string[] => findings(verifyFabric({ devices: models, settings: { hopLimit: 2, failures: 1 } }));
/** As compile, check and `clos verify <intent>` do: with what the intent declares. */
const fromIntent = (models: readonly DeviceModel[]): string[] => findings(verifyCompiled(fabric, models));

const entries = (m: Model): Model['routingPolicy']['prefixLists'][number]['entries'] => find(m.routingPolicy.prefixLists, (l) => l.name === 'PL-k8s-nodes-HOSTS').entries;
const prodVrf = (m: Model): Model['bgp']['vrfs'][number] => find(m.bgp.vrfs, (v) => v.vrf === 'retail-prod');
const entry = (m: Model, i: number): Model['routingPolicy']['prefixLists'][number]['entries'][number] => {
  const e = entries(m)[i];
  if (e === undefined) throw new Error(`no entry ${i}`);
  return e;
};

describe('host pools: listeners and accept lists', () => {
  it('find nothing in dc1 as compiled, from its models or its intent', () => {
    expect(fromModels(devices)).toEqual([]);
    expect(fromIntent(devices)).toEqual([]);
  });

  it('a leaf carrying the network must listen for its hosts', () => {
    const one = edited(['dc1-leaf17'], (m) => (prodVrf(m).listenRanges = []));
    expect(fromModels(one)).toEqual([
      "CLOS5247 dc1-leaf17: 'dc1-leaf17' carries network 'k8s-nodes' (VLAN 120, VNI 10120, SVI vlan120 with session address 10.10.120.226/24), whose hosts speak BGP, but does not listen for them: hosts attached to it get no session",
    ]);
    // No leaf listens any more: the session addresses still say whose hosts speak BGP.
    const both = edited(hostLeaves, (m) => (prodVrf(m).listenRanges = []));
    expect(fromModels(both).map((x) => x.slice(0, 20))).toEqual(['CLOS5247 dc1-leaf17:', 'CLOS5247 dc1-leaf18:']);
    // Nor do the SVIs: only the intent can tell, and it does.
    const bare = edited(hostLeaves, (m) => {
      prodVrf(m).listenRanges = [];
      for (const svi of m.interfaces.svis) svi.sessionAddress = null;
    });
    expect(fromModels(bare)).toEqual([]);
    expect(fromIntent(bare)).toEqual([
      "CLOS5247 dc1-leaf17: 'dc1-leaf17' carries network 'k8s-nodes' (VLAN 120, VNI 10120, SVI vlan120), whose hosts speak BGP, but does not listen for them: hosts attached to it get no session",
      "CLOS5247 dc1-leaf18: 'dc1-leaf18' carries network 'k8s-nodes' (VLAN 120, VNI 10120, SVI vlan120), whose hosts speak BGP, but does not listen for them: hosts attached to it get no session",
    ]);
  });

  it('the leaves of a network accept the same prefixes from its hosts, in any order', () => {
    const apart = edited(['dc1-leaf18'], (m) => (entry(m, 0).prefix = '10.10.201.0/24'));
    expect(fromModels(apart)).toEqual([
      "CLOS5248 dc1-leaf18: the leaves of network 'k8s-nodes' accept different prefixes from its BGP hosts (10.10.200.0/24 le 32 and 10.244.0.0/16 le 32 on 'dc1-leaf17'; 10.10.201.0/24 le 32 and 10.244.0.0/16 le 32 on 'dc1-leaf18'): a host's routes are accepted or rejected depending on the leaf it peers with",
    ]);
    // Without `le 32` a pool admits itself alone: another list.
    expect(fromModels(edited(['dc1-leaf18'], (m) => (entry(m, 1).le = null)))[0]).toMatch(/^CLOS5248 dc1-leaf1[78]: .*10\.244\.0\.0\/16 on 'dc1-leaf18'/);
    expect(fromModels(edited(['dc1-leaf18'], (m) => entries(m).reverse()))).toEqual([]);
  });

  it('on an intent, every leaf accepts exactly the declared pools', () => {
    // A compiler that built another list on every leaf: the models agree with each other, the intent does not.
    const wrong = edited(hostLeaves, (m) => (entry(m, 1).prefix = '10.245.0.0/16'));
    expect(fromModels(wrong)).toEqual([]);
    expect(fromIntent(wrong)).toEqual([
      "CLOS5249 dc1-leaf17: 'dc1-leaf17' accepts 10.10.200.0/24 le 32 and 10.245.0.0/16 le 32 from the hosts of network 'k8s-nodes', but the intent declares 10.10.200.0/24 le 32 and 10.244.0.0/16 le 32",
      "CLOS5249 dc1-leaf18: 'dc1-leaf18' accepts 10.10.200.0/24 le 32 and 10.245.0.0/16 le 32 from the hosts of network 'k8s-nodes', but the intent declares 10.10.200.0/24 le 32 and 10.244.0.0/16 le 32",
    ]);
    // One leaf off: the declaration names it, with no CLOS5248 besides.
    expect(fromIntent(edited(['dc1-leaf18'], (m) => entries(m).pop()))).toEqual([
      "CLOS5249 dc1-leaf18: 'dc1-leaf18' accepts 10.10.200.0/24 le 32 from the hosts of network 'k8s-nodes', but the intent declares 10.10.200.0/24 le 32 and 10.244.0.0/16 le 32",
    ]);
  });

  it('the leaves of a network expect its hosts in one ASN, and on an intent the declared one', () => {
    const asn = (m: Model, n: number): void => {
      const v = prodVrf(m);
      find(v.peerGroups, (g) => g.name === 'HOSTS-k8s-nodes').remoteAs = n;
      for (const r of v.listenRanges) r.remoteAs = n;
    };
    // One leaf off: the models disagree, and the intent names that leaf alone.
    const apart = edited(['dc1-leaf18'], (m) => {
      asn(m, 65401);
    });
    expect(fromModels(apart)).toEqual([
      "CLOS5251 dc1-leaf18: the leaves of network 'k8s-nodes' expect its BGP hosts in different ASNs (65400 on 'dc1-leaf17'; 65401 on 'dc1-leaf18'): a host configured with one ASN gets no session with the leaves that expect another, and its routes reach no leaf through them",
    ]);
    expect(fromIntent(apart)).toEqual(["CLOS5252 dc1-leaf18: 'dc1-leaf18' expects the hosts of network 'k8s-nodes' in ASN 65401, but the intent declares 65400: the hosts get no session with it"]);
    // Every leaf off alike: only the intent can tell.
    const both = edited(hostLeaves, (m) => {
      asn(m, 65401);
    });
    expect(fromModels(both)).toEqual([]);
    expect(fromIntent(both).map((x) => x.slice(0, 20))).toEqual(['CLOS5252 dc1-leaf17:', 'CLOS5252 dc1-leaf18:']);
  });

  it('the leaves of a network accept as many prefixes from each host, and on an intent the declared max_prefixes', () => {
    const limit = (m: Model, n: number): void => {
      find(prodVrf(m).peerGroups, (g) => g.name === 'HOSTS-k8s-nodes').maximumPrefix = n;
    };
    const apart = edited(['dc1-leaf18'], (m) => {
      limit(m, 16);
    });
    expect(fromModels(apart)).toEqual([
      // Two leaves, one each: no majority, the values in order.
      "CLOS5253 dc1-leaf17: the leaves of network 'k8s-nodes' accept different numbers of prefixes from one BGP host (maximum-prefix 16 on 'dc1-leaf18'; 256 on 'dc1-leaf17'): a host's session is shut down or kept depending on the leaf it peers with",
    ]);
    expect(fromIntent(apart)).toEqual(["CLOS5254 dc1-leaf18: 'dc1-leaf18' accepts at most 16 prefixes from each host of network 'k8s-nodes', but the intent declares max_prefixes 256"]);
    const both = edited(hostLeaves, (m) => {
      limit(m, 16);
    });
    expect(fromModels(both)).toEqual([]);
    expect(fromIntent(both).map((x) => x.slice(0, 20))).toEqual(['CLOS5254 dc1-leaf17:', 'CLOS5254 dc1-leaf18:']);
  });

  it('reports BFD off toward the hosts and an outbound filter that announces to them, each on its own', () => {
    const both = edited(['dc1-leaf17'], (m) => {
      const group = find(prodVrf(m).peerGroups, (g) => g.name === 'HOSTS-k8s-nodes');
      group.bfd = false;
      find(m.routingPolicy.routeMaps, (r) => r.name === group.routeMapOut).entries = [{ seq: 10, action: 'permit', matchPrefixList: null }];
    });
    const codes = verifyFabric({ devices: both, settings: { hopLimit: 2, failures: 1 } }).checks.flatMap((c) => c.diagnostics.filter((d) => /^CLOS524[14]$/.test(d.code)).map((d) => `${d.code} ${d.device ?? ''}`));
    expect(codes.sort()).toEqual(['CLOS5241 dc1-leaf17', 'CLOS5244 dc1-leaf17']);
  });
});

describe('host pools: how many host sessions an FRR leaf admits (CLOS5250)', () => {
  const capped = (models: readonly DeviceModel[]): string[] =>
    verifyFabric({ devices: models, settings: { hopLimit: 2, failures: 1 } }).checks.flatMap((c) => c.diagnostics.filter((d) => d.code === 'CLOS5250').map((d) => `${d.severity} ${d.device ?? ''}: ${d.message}`));

  it('finds nothing as compiled: the limit is every host address of the /24, 254', () => {
    expect(devices.filter((d) => d.bgp.vrfs.some((v) => v.listenLimit !== null)).map((d) => d.bgp.vrfs.map((v) => v.listenLimit).filter((l) => l !== null))).toEqual([[254], [254]]);
    expect(capped(devices)).toEqual([]);
  });

  it('warns when the limit is below the host addresses, or missing (FRR then admits 100)', () => {
    expect(capped(edited(['dc1-leaf17'], (m) => (prodVrf(m).listenLimit = 200)))).toEqual([
      "warning dc1-leaf17: 'dc1-leaf17' admits at most 200 host sessions in VRF 'retail-prod' (its bgp listen limit), fewer than the 254 host addresses of its listen ranges '10.10.120.0/24': hosts past 200 get no session",
    ]);
    expect(capped(edited(hostLeaves, (m) => (prodVrf(m).listenLimit = null))).map((x) => x.split(' (')[0])).toEqual([
      "warning dc1-leaf17: 'dc1-leaf17' admits at most 100 host sessions in VRF 'retail-prod'",
      "warning dc1-leaf18: 'dc1-leaf18' admits at most 100 host sessions in VRF 'retail-prod'",
    ]);
    expect(capped(edited(['dc1-leaf17'], (m) => (prodVrf(m).listenLimit = 65535)))).toEqual([]);
  });

  it('warns on a build an older clos wrote: its model.json has no listenLimit, and FRR admitted 100', () => {
    const older = devices.map((m) => {
      const json = JSON.parse(serializeModel(m)) as { bgp: { vrfs: Record<string, unknown>[] } };
      for (const v of json.bgp.vrfs) Reflect.deleteProperty(v, 'listenLimit');
      const parsed = parseDeviceModel(JSON.stringify(json), `${m.name}/model.json`);
      if (!('model' in parsed)) throw new Error(parsed.diagnostic.message);
      return parsed.model;
    });
    expect(older.find((m) => m.name === 'dc1-leaf17')?.bgp.vrfs.map((v) => v.listenLimit)).toEqual(expect.arrayContaining([null]));
    expect(capped(older).map((x) => x.split(':')[0])).toEqual(['warning dc1-leaf17', 'warning dc1-leaf18']);
  });

  it('is FRR\'s alone: EOS and NX-OS have their own defaults and clos renders no limit for them', () => {
    expect(capped(edited(hostLeaves, (m) => {
      prodVrf(m).listenLimit = null;
      m.platform = 'eos';
    }))).toEqual([]);
  });
});
