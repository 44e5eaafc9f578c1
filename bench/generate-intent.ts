/**
 * Generates realistic intents of any size, deterministically from a seed: the one large-fabric
 * generator of the project, for the benchmark and for the tests that need a big fabric (the
 * verifier's scale and two-tier tests, `clos doc` at a thousand leaves, the render workers).
 *
 * The fabric is shaped like large operators' fabrics: leaves grouped into pods (a `pod-NN` tag,
 * two leaves per rack unless asked otherwise), a few infrastructure networks on every leaf (`leaves: [all]`), and every
 * other network placed on one pod by tag. VLANs are locally significant per pod (each pod numbers
 * its networks from VLAN 100) with explicit, fabric-unique VNIs, as fabrics with thousands of
 * networks must; L3VNI transit VLANs count down from 3966. Tenants differ in size (a skewed share
 * of the networks), networks mix routed and L2-only, default and jumbo MTU, default and explicit
 * gateways. Servers sit on single ports: access ports with one network, trunks listing networks by
 * name, and trunks selecting a pod's networks by label. The first two leaves are a border pair
 * handing every VRF off to a firewall (AS 65500) on a port above the uplinks, one VLAN per VRF, and
 * the first routed `k8s` network of every pod of at most 252 leaves has BGP hosts (AS 65400, its
 * own /24 pod pool), none of them dual-homed (CLOS3145).
 *
 * The shape is exact where arithmetic allows: the number of networks, leaves, spines, tenants,
 * VRFs and server ports is always the one asked for; every leaf carries `networksPerLeaf`
 * networks when the pod split divides evenly, else some pods carry one network fewer (the stats
 * say so). The output is YAML text split into files the way an operator would (fabric, spines,
 * leaves, one file per tenant, servers per pod); the generator never touches the disk.
 */
import type { Platform } from '../compiler/load/intent-types.js';
import { Random } from './random.js';

export interface FabricShape {
  readonly spines: number;
  readonly leaves: number;
  readonly tenants: number;
  /** VRFs in total, spread over the tenants; at least one per tenant. */
  readonly vrfs: number;
  readonly networks: number;
  /** Networks each leaf carries (infrastructure networks on every leaf plus its pod's). */
  readonly networksPerLeaf: number;
  /** Server ports per leaf. */
  readonly serversPerLeaf: number;
  /**
   * Share of the servers that are dual-homed (default 0.5): one LACP bond across the two leaves of
   * a rack, on the same port of both (an Ethernet segment). The others have one port each.
   */
  readonly dualHomed?: number;
  /** The border pair's way out for every VRF (default true); false leaves `external` out. */
  readonly exits?: boolean;
  /** BGP hosts on each pod's first routed k8s network (default true); false leaves `bgp_hosts` out. */
  readonly hostBgp?: boolean;
  readonly platform?: Platform;
  readonly seed: number;
  /** Fabric name; default `bench` (`az<n>` in a region). */
  readonly name?: string;
  /** Leaves per rack, counted along the leaves (a rack may span two pods); default 2. */
  readonly leavesPerRack?: number;
  /**
   * The fabric's place in a region of several (0, 1, ...; generateRegion): its pools and subnets
   * move to a share of the address space of their own, its spine ASN to 65001 + az, so the
   * fabrics of one region never overlap, and its switches' names to `<name>-spine01`,
   * `<name>-leaf0001`, as names are region-unique. Tenants, VRFs and L3VNIs are the same in every zone, and
   * so are route targets (rt_asn 65000). Absent: the standalone fabric, as always.
   */
  readonly az?: number;
}

export interface IntentFile {
  readonly name: string;
  readonly text: string;
}

export interface GeneratedStats {
  readonly spines: number;
  readonly leaves: number;
  readonly pods: number;
  readonly tenants: number;
  readonly vrfs: number;
  readonly networks: number;
  /** Networks on every leaf (`leaves: [all]`). */
  readonly sharedNetworks: number;
  readonly minNetworksPerLeaf: number;
  readonly maxNetworksPerLeaf: number;
  /** Sum over leaves of the networks each carries. */
  readonly networkPlacements: number;
  readonly servers: number;
  /** Servers on two leaves (Ethernet segments). */
  readonly dualHomedServers: number;
  readonly serverPorts: number;
  /** External sessions (every VRF on both borders). */
  readonly externalSessions: number;
  /** Networks whose hosts speak BGP. */
  readonly hostNetworks: number;
  /** Characters of YAML over all files. */
  readonly intentChars: number;
}

export interface GeneratedIntent {
  readonly files: readonly IntentFile[];
  readonly stats: GeneratedStats;
}

/**
 * Transit /31s of the border pair, two per VRF: 100.64.0.0/16 (RFC 6598); in a region, a /16 per
 * zone from 10.64.0.0, inside the region plan's infrastructure block and past the pools.
 */
const transitBase = ip(100, 64, 0, 0);
const zoneTransitBase = ip(10, 64, 0, 0);
/**
 * Pod pools of the BGP hosts, a /24 per pod: 100.96.0.0/11; in a region, the zone's last /24s of
 * its tenant subnets' /12, counting down, inside the plan's tenants block.
 */
const hostPoolBase = ip(100, 96, 0, 0);
/** First address of the tenant subnets: 10.128.0.0/9 holds 32,768 /24s. */
const subnetBase = ip(10, 128, 0, 0);
const maxSubnets = 32768;
/** In a region, each zone's subnets: 4,096 /24s (10.128.0.0/12 for the first, then 10.144.0.0/12 …). */
const subnetsPerZone = 4096;
const p2pBase = ip(10, 16, 0, 0);
/** pools.p2p lives in 10.16.0.0/12. */
const maxP2pAddresses = 1 << 20;
const leafIdBase = 100;
const sharedVlanBase = 10;
const podVniBase = 100000;
const l3vniBase = 50000;
/** The highest transit VLAN: 3966, below the default native VLAN and NX-OS's reserved range. */
const topVlan = 3966;
const vrfKinds = ['prod', 'dev', 'test', 'stage', 'dmz', 'pci', 'lab', 'edge'];
const roles = ['web', 'app', 'db', 'cache', 'k8s', 'batch', 'storage', 'mq'];
const sharedRoles = ['backup', 'oob', 'mon', 'deploy', 'dns', 'ntp', 'log', 'vault'];
const podKinds = ['compute', 'compute', 'compute', 'storage', 'edge'];

interface Vrf {
  readonly tenant: number;
  readonly index: number;
  readonly name: string;
  readonly networks: Network[];
}

interface Network {
  readonly index: number;
  readonly name: string;
  readonly vlan: number;
  readonly vni: number | undefined;
  readonly subnet: string | undefined;
  readonly gateway: string | undefined;
  readonly mtu: number | undefined;
  readonly label: string;
  /** Pod index, or -1 for a network on every leaf. */
  readonly pod: number;
  /** The hosts' accept pool when the hosts speak BGP. */
  hostPool?: string;
  /** The pod's Kubernetes network, whose nodes speak BGP unless the shape says hostBgp: false. */
  hostCluster?: boolean;
}

interface Leaf {
  readonly name: string;
  readonly id: number;
  readonly pod: number;
  readonly rack: string;
  readonly tags: readonly string[];
}

export function generateIntent(shape: FabricShape): GeneratedIntent {
  checkShape(shape);
  const rng = new Random(shape.seed);
  const az = shape.az ?? 0;
  const name = shape.name ?? (shape.az === undefined ? 'bench' : `az${az + 1}`);
  const maxSpines = Math.max(4, nextPowerOfTwo(shape.spines));
  const uplinkPort = Math.max(49, shape.serversPerLeaf + 1);
  const plan = planPods(shape);
  // In a region a zone's host pools count down from the top of its subnets' /12, one /24 per pod.
  if (shape.az !== undefined && shape.networks + plan.pods > subnetsPerZone) throw new RangeError(`a zone's ${shape.networks} networks and ${plan.pods} pod pools do not fit its ${subnetsPerZone} /24s`);
  /** Pods number their VLANs from 100, or right after the shared networks' VLANs. */
  const podVlanBase = Math.max(100, sharedVlanBase + plan.shared);
  const maxPerPod = Math.max(...plan.perPod);
  // Transit VLANs count down from topVlan: below the native VLAN (3967) and NX-OS's reserved
  // 3968-4094, so the fabric compiles for every platform.
  if (podVlanBase + maxPerPod >= topVlan - shape.vrfs) {
    throw new RangeError(`${shape.networksPerLeaf} networks and ${shape.vrfs} L3VNI VLANs per leaf do not fit VLANs 1..${topVlan}`);
  }

  // Leaves: pods are contiguous blocks of leaves, two leaves per rack by default.
  const perRack = shape.leavesPerRack ?? 2;
  const leafWidth = String(shape.leaves).length < 4 ? 4 : String(shape.leaves).length;
  // Switch names are region-unique (CLOS4022): a zone's carry its fabric's name.
  const devicePrefix = shape.az === undefined ? '' : `${name}-`;
  const podWidth = Math.max(2, String(plan.pods).length);
  const podKind = Array.from({ length: plan.pods }, () => rng.pick(podKinds));
  const leaves: Leaf[] = [];
  for (let i = 0; i < shape.leaves; i++) {
    const pod = Math.floor((i * plan.pods) / shape.leaves);
    const podTag = `pod-${pad(pod + 1, podWidth)}`;
    const tags = [podTag, podKind[pod] ?? 'compute'];
    if (rng.chance(0.05)) tags.push('gpu');
    leaves.push({ name: `${devicePrefix}leaf${pad(i + 1, leafWidth)}`, id: leafIdBase + i + 1, pod, rack: `p${pad(pod + 1, podWidth)}-r${pad(Math.floor(i / perRack) + 1, leafWidth)}`, tags });
  }

  const podSizes = Array.from({ length: plan.pods }, () => 0);
  for (const l of leaves) podSizes[l.pod] = (podSizes[l.pod] ?? 0) + 1;

  // Tenants and VRFs: VRFs spread evenly, tenant sizes skewed (a few large, many small).
  const vrfs: Vrf[] = [];
  const tenantWidth = Math.max(2, String(shape.tenants).length);
  const vrfsOfTenant: number[][] = [];
  for (let t = 0; t < shape.tenants; t++) {
    const count = Math.floor(shape.vrfs / shape.tenants) + (t < shape.vrfs % shape.tenants ? 1 : 0);
    const list: number[] = [];
    for (let k = 0; k < count; k++) {
      const kind = vrfKinds[k] ?? `v${k + 1}`;
      list.push(vrfs.length);
      vrfs.push({ tenant: t, index: vrfs.length, name: `t${pad(t + 1, tenantWidth)}-${kind}`, networks: [] });
    }
    vrfsOfTenant.push(list);
  }
  const tenantWeights = Array.from({ length: shape.tenants }, (_, t) => 1 / Math.pow(t + 1, 0.7));

  // Networks: the shared ones belong to the first tenant (the operator's infrastructure); every
  // other network to a tenant drawn by weight, and one of its VRFs.
  const networks: Network[] = [];
  const makeNetwork = (vrf: Vrf, pod: number, vlan: number, vni: number | undefined, role: string): Network => {
    const index = networks.length;
    const routed = rng.chance(0.9);
    const subnetStart = subnetBase + az * subnetsPerZone * 256 + index * 256;
    const network: Network = {
      index,
      name: pod < 0 ? `infra-${role}-${index + 1}` : `${vrf.name}-${role}-${index + 1}`,
      vlan,
      vni,
      subnet: routed ? `${long2ip(subnetStart)}/24` : undefined,
      gateway: routed && rng.chance(0.1) ? long2ip(subnetStart + 254) : undefined,
      mtu: rng.chance(0.2) ? 9000 : undefined,
      label: pod < 0 ? role : `p${pad(pod + 1, podWidth)}-${role}`,
      pod,
    };
    networks.push(network);
    vrf.networks.push(network);
    return network;
  };
  const infraVrfs = vrfsOfTenant[0] ?? [];
  for (let k = 0; k < plan.shared; k++) {
    const vrf = vrfs[infraVrfs[k % infraVrfs.length] ?? 0];
    if (vrf === undefined) throw new Error('internal error: no infrastructure VRF');
    makeNetwork(vrf, -1, sharedVlanBase + k, undefined, sharedRoles[k % sharedRoles.length] ?? 'infra');
  }
  const podNetworks: Network[][] = [];
  for (let pod = 0; pod < plan.pods; pod++) {
    const list: Network[] = [];
    const count = plan.perPod[pod] ?? 0;
    for (let j = 0; j < count; j++) {
      const tenant = rng.weighted(tenantWeights);
      const vrf = vrfs[rng.pick(vrfsOfTenant[tenant] ?? [0])];
      if (vrf === undefined) throw new Error('internal error: no VRF');
      const vlan = podVlanBase + j;
      list.push(makeNetwork(vrf, pod, vlan, podVniBase + pod * 4096 + vlan, rng.pick(roles)));
    }
    podNetworks.push(list);
    // One Kubernetes cluster per pod: its first routed k8s network's nodes speak BGP, where its /24
    // holds a session address for every leaf of the pod and a node (253 addresses besides the gateway).
    const k8s = (podSizes[pod] ?? 0) + 1 <= 253 ? list.find((n) => n.label.endsWith('-k8s') && n.subnet !== undefined) : undefined;
    const pool = shape.az === undefined ? hostPoolBase + pod * 256 : subnetBase + (az * subnetsPerZone + subnetsPerZone - 1 - pod) * 256;
    if (k8s !== undefined) k8s.hostCluster = true;
    if (k8s !== undefined && shape.hostBgp !== false) k8s.hostPool = `${long2ip(pool)}/24`;
  }

  // Servers: on random free ports below the uplinks. Consecutive leaves of one rack are paired and
  // share their ports: a port is either one dual-homed server's, on both leaves, or two
  // single-homed servers', one on each. A port-pair is dual-homed with probability 2d / (1 + d),
  // so that a share d of the servers are. A leaf left without a partner in its rack (a rack split
  // by a pod boundary, an odd leaf out) gets single-homed servers only.
  const serverLines = new Map<number, string[]>();
  let servers = 0;
  let dualHomedServers = 0;
  let serverPorts = 0;
  const freePorts = Array.from({ length: uplinkPort - 1 }, (_, i) => i + 1);
  const shared = networks.filter((n) => n.pod < 0);
  const dualShare = shape.dualHomed ?? 0.5;
  const pairChance = (2 * dualShare) / (1 + dualShare);
  // A dual-homed server is never one of the BGP hosts (CLOS3145: on FRR and NX-OS leaves its
  // session with one of its leaves would fail): none of its networks, by name or label, is the
  // pod's Kubernetes network (with or without hostBgp, so that hostBgp changes nothing else).
  const pickNetworks = (leaf: Leaf, dualHomed = false): { selectors: string[]; mode: string } => {
    const pod = podNetworks[leaf.pod] ?? [];
    const hostLabels = new Set(dualHomed ? pod.filter((n) => n.hostCluster === true).map((n) => n.label) : []);
    const local = [...shared, ...pod.filter((n) => !dualHomed || n.hostCluster !== true)];
    const localLabels = [...new Set(pod.map((n) => n.label))].filter((l) => !hostLabels.has(l)).sort();
    const kind = rng.next();
    if (kind < 0.25 || local.length < 2) return { selectors: [rng.pick(local).name], mode: ', mode: access' };
    if (kind < 0.8 || localLabels.length === 0) return { selectors: rng.sample(local, rng.int(2, Math.min(12, local.length))).map((n) => n.name), mode: '' };
    const selectors = [`label:${rng.pick(localLabels)}`];
    if (shared.length > 0) selectors.push(rng.pick(shared).name);
    return { selectors, mode: '' };
  };
  const line = (server: string, attach: string, picked: { selectors: string[]; mode: string }): string =>
    `  - { name: ${server}, attach: [${attach}], networks: [${picked.selectors.map(quote).join(', ')}]${picked.mode} }`;
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i];
    if (leaf === undefined) continue;
    const lines = serverLines.get(leaf.pod) ?? [];
    serverLines.set(leaf.pod, lines);
    const partner = leaves[i + 1];
    const paired = dualShare > 0 && partner?.rack === leaf.rack;
    const ports = rng.sample(freePorts, shape.serversPerLeaf).sort((a, b) => a - b);
    if (!paired) {
      ports.forEach((port, k) => {
        lines.push(line(`${leaf.name}-s${pad(k + 1, 2)}`, `{ leaf: ${leaf.name}, port: ${port} }`, pickNetworks(leaf)));
        servers++;
        serverPorts++;
      });
      continue;
    }
    ports.forEach((port, k) => {
      if (rng.chance(pairChance)) {
        lines.push(line(`${leaf.name}-m${pad(k + 1, 2)}`, `{ leaf: ${leaf.name}, port: ${port} }, { leaf: ${partner.name}, port: ${port} }`, pickNetworks(leaf, true)));
        servers++;
        dualHomedServers++;
      } else {
        lines.push(line(`${leaf.name}-s${pad(k + 1, 2)}`, `{ leaf: ${leaf.name}, port: ${port} }`, pickNetworks(leaf)));
        lines.push(line(`${partner.name}-s${pad(k + 1, 2)}`, `{ leaf: ${partner.name}, port: ${port} }`, pickNetworks(partner)));
        servers += 2;
      }
      serverPorts += 2;
    });
    i++;
  }

  // The border pair: the first two leaves (one when the fabric has one), a port above the uplinks.
  const borders = leaves.slice(0, 2);
  const handOffPort = uplinkPort + maxSpines;
  if (handOffPort > 1024) throw new RangeError(`the hand-off port ${handOffPort} (uplink_port + max_spines) is beyond port 1024`);
  if (shape.vrfs > 3000) throw new RangeError('at most 3000 VRFs (one hand-off VLAN each, from 1000)');

  // Pools sized to the fabric.
  const maxId = leafIdBase + shape.leaves;
  const loopbackSize = Math.max(256, nextPowerOfTwo(maxId + 2));
  const p2pSize = Math.max(256, nextPowerOfTwo(2 * maxId * maxSpines));
  if (p2pSize * (az + 1) > maxP2pAddresses) throw new RangeError(`${shape.leaves} leaves × max_spines ${maxSpines} do not fit the generator's p2p pool`);
  if (2 * loopbackSize * (az + 1) > p2pBase - ip(10, 0, 0, 0)) throw new RangeError(`${shape.leaves} leaves do not fit the generator's loopback pools`);

  const header = '# yaml-language-server: $schema=../../intent/schema/fabric.schema.json\n# Generated by clos bench (bench/generate-intent.ts); seed ' + String(shape.seed) + '.\n';
  const files: IntentFile[] = [];
  files.push({
    name: 'fabric.yaml',
    text:
      header +
      [
        'version: 1',
        '',
        'fabric:',
        `  name: ${name}`,
        `  platform: ${shape.platform ?? 'frr'}`,
        `  max_spines: ${maxSpines}`,
        '  mtu: 9214',
        `  uplink_port: ${uplinkPort}`,
        '  asn:',
        `    spine: ${shape.az === undefined ? 65000 : 65001 + az}`,
        '    leaf_base: 4200000000      # 4-byte private ASNs: leaf ASN = 4200000000 + id',
        '  pools:',
        `    loopback: ${long2ip(ip(10, 0, 0, 0) + az * 2 * loopbackSize)}/${32 - log2(loopbackSize)}`,
        `    vtep: ${long2ip(ip(10, 0, 0, 0) + az * 2 * loopbackSize + loopbackSize)}/${32 - log2(loopbackSize)}`,
        `    p2p: ${long2ip(p2pBase + az * p2pSize)}/${32 - log2(p2pSize)}`,
        '  evpn:',
        '    vni_base: 10000',
        '    rt_asn: 65000',
        '  bfd: true',
        '',
      ].join('\n'),
  });
  const spineWidth = Math.max(2, String(shape.spines).length);
  files.push({
    name: 'spines.yaml',
    text: header + 'spines:\n' + Array.from({ length: shape.spines }, (_, i) => `  - { name: ${devicePrefix}spine${pad(i + 1, spineWidth)}, id: ${i + 1} }\n`).join(''),
  });
  files.push({
    name: 'leaves.yaml',
    text: header + 'leaves:\n' + leaves.map((l) => `  - { name: ${l.name}, id: ${l.id}, rack: ${l.rack}, tags: [${l.tags.join(', ')}] }\n`).join(''),
  });
  for (let t = 0; t < shape.tenants; t++) {
    const lines = [`  - name: tenant${pad(t + 1, tenantWidth)}`, '    vrfs:'];
    for (const v of vrfsOfTenant[t] ?? []) {
      const vrf = vrfs[v];
      if (vrf === undefined) continue;
      // No `id`: it defaults to the L3VNI. The transit VLAN is explicit, counting down from topVlan.
      lines.push(`      - name: ${vrf.name}`, `        l3vni: ${l3vniBase + vrf.index + 1}`, `        vlan: ${topVlan - vrf.index}`);
      // Every VRF's way out: both borders, one VLAN per VRF on the hand-off port, to the firewall.
      const transit = (border: number): string => `${long2ip((shape.az === undefined ? transitBase : zoneTransitBase + az * 65536) + (vrf.index * 2 + border) * 2)}/31`;
      if (shape.exits !== false) {
        lines.push(
          '        external:',
          '          peers:',
          ...borders.map((b, i) => `            - { leaf: ${b.name}, port: ${handOffPort}, vlan: ${1000 + vrf.index}, subnet: ${transit(i)}, asn: 65500 }`),
        );
      }
      if (vrf.networks.length > 0) lines.push('        networks:');
      for (const n of vrf.networks) lines.push(`          - ${networkYaml(n, podWidth)}`);
    }
    files.push({ name: `tenant-${pad(t + 1, tenantWidth)}.yaml`, text: `${header}tenants:\n${lines.join('\n')}\n` });
  }
  for (const [pod, lines] of [...serverLines].sort((a, b) => a[0] - b[0])) {
    if (lines.length === 0) continue;
    files.push({ name: `servers-p${pad(pod + 1, podWidth)}.yaml`, text: `${header}servers:\n${lines.join('\n')}\n` });
  }

  const perLeaf = leaves.map((l) => plan.shared + (plan.perPod[l.pod] ?? 0));
  return {
    files,
    stats: {
      spines: shape.spines,
      leaves: shape.leaves,
      pods: plan.pods,
      tenants: shape.tenants,
      vrfs: shape.vrfs,
      networks: networks.length,
      sharedNetworks: plan.shared,
      minNetworksPerLeaf: Math.min(...perLeaf),
      maxNetworksPerLeaf: Math.max(...perLeaf),
      networkPlacements: perLeaf.reduce((a, b) => a + b, 0),
      servers,
      dualHomedServers,
      serverPorts,
      externalSessions: shape.exits === false ? 0 : vrfs.length * borders.length,
      hostNetworks: networks.filter((n) => n.hostPool !== undefined).length,
      intentChars: files.reduce((n, f) => n + f.text.length, 0),
    },
  };
}

export interface GeneratedRegion {
  /** region.yaml: the zones `az1` … and a plan of two blocks (10.0.0.0/9 for infrastructure, 10.128.0.0/9 for tenants). */
  readonly regionYaml: string;
  readonly fabrics: readonly { readonly dir: string; readonly intent: GeneratedIntent }[];
}

/** A region of `zones` fabrics of one shape (the benchmark's region): see FabricShape.az. */
export function generateRegion(shape: FabricShape, zones: number, name = 'bench'): GeneratedRegion {
  const fabrics = Array.from({ length: zones }, (_, az) => ({ dir: `az${az + 1}`, intent: generateIntent({ ...shape, az, name: `az${az + 1}` }) }));
  const regionYaml = [
    '# yaml-language-server: $schema=../../intent/schema/region.schema.json',
    `# Generated by clos bench (bench/generate-intent.ts); seed ${shape.seed}.`,
    'version: 1',
    'region:',
    `  name: ${name}`,
    `  fabrics: [${fabrics.map((f) => f.dir).join(', ')}]`,
    '  plan:',
    '    - { prefix: 10.0.0.0/9, for: infrastructure }',
    '    - { prefix: 10.128.0.0/9, for: tenants }',
    '',
  ].join('\n');
  return { regionYaml, fabrics };
}

function networkYaml(n: Network, podWidth: number): string {
  const parts = [`name: ${n.name}`, `vlan: ${n.vlan}`];
  if (n.vni !== undefined) parts.push(`vni: ${n.vni}`);
  if (n.subnet !== undefined) parts.push(`subnet: ${n.subnet}`);
  if (n.gateway !== undefined) parts.push(`gateway: ${n.gateway}`);
  if (n.mtu !== undefined) parts.push(`mtu: ${n.mtu}`);
  parts.push(`labels: [${n.label}]`);
  parts.push(n.pod < 0 ? 'leaves: [all]' : `leaves: [tag:pod-${pad(n.pod + 1, podWidth)}]`);
  if (n.hostPool !== undefined) parts.push(`bgp_hosts: { asn: 65400, accept: [${n.hostPool}] }`);
  return `{ ${parts.join(', ')} }`;
}

interface PodPlan {
  readonly pods: number;
  /** Networks on every leaf. */
  readonly shared: number;
  /** Networks placed on each pod. */
  readonly perPod: readonly number[];
}

/**
 * Splits the networks into shared ones and per-pod ones so that every leaf carries
 * `networksPerLeaf`: with S shared networks and P = networksPerLeaf - S per pod, the pods number
 * (networks - S) / P. S is searched from about 5 % of networksPerLeaf outwards (at most half) for
 * an exact split; without one, 5 % are shared and the pods split the rest as evenly as they can.
 */
function planPods(shape: FabricShape): PodPlan {
  const { networks, networksPerLeaf: npl } = shape;
  if (networks === npl) return { pods: 1, shared: npl, perPod: [0] };
  const preferred = Math.min(npl - 1, Math.max(1, Math.round(npl * 0.05)));
  const candidates = Array.from({ length: Math.max(1, Math.floor(npl / 2)) }, (_, i) => i + 1).sort(
    (a, b) => Math.abs(a - preferred) - Math.abs(b - preferred) || a - b,
  );
  for (const s of candidates) {
    const per = npl - s;
    if (per < 1 || (networks - s) % per !== 0) continue;
    const pods = (networks - s) / per;
    if (pods <= shape.leaves) return { pods, shared: s, perPod: Array.from({ length: pods }, () => per) };
  }
  const shared = preferred;
  const per = npl - shared;
  const rest = networks - shared;
  const pods = Math.ceil(rest / per);
  if (pods > shape.leaves) {
    throw new RangeError(`${networks} networks at ${npl} per leaf need ${pods} pods, more than the ${shape.leaves} leaves`);
  }
  const base = Math.floor(rest / pods);
  return { pods, shared, perPod: Array.from({ length: pods }, (_, p) => base + (p < rest % pods ? 1 : 0)) };
}

function checkShape(shape: FabricShape): void {
  const positive = ['spines', 'leaves', 'tenants', 'vrfs', 'networks', 'networksPerLeaf'] as const;
  for (const key of positive) {
    if (!Number.isInteger(shape[key]) || shape[key] < 1) throw new RangeError(`${key} must be a positive integer, got ${String(shape[key])}`);
  }
  if (!Number.isInteger(shape.serversPerLeaf) || shape.serversPerLeaf < 0) throw new RangeError('serversPerLeaf must be a non-negative integer');
  if (shape.leavesPerRack !== undefined && (!Number.isInteger(shape.leavesPerRack) || shape.leavesPerRack < 1)) throw new RangeError('leavesPerRack must be a positive integer');
  if (shape.spines > 128) throw new RangeError('at most 128 spines (fabric.max_spines)');
  if (shape.vrfs < shape.tenants) throw new RangeError('every tenant needs a VRF: vrfs must be at least tenants');
  if (shape.networksPerLeaf > shape.networks) throw new RangeError('networksPerLeaf cannot exceed networks');
  if (shape.networks > maxSubnets) throw new RangeError(`at most ${maxSubnets} networks`);
  if (shape.az !== undefined && (shape.networks > subnetsPerZone || shape.vrfs > 16384 || shape.az < 0 || (shape.az + 1) * subnetsPerZone > maxSubnets)) {
    throw new RangeError(`a zone of a region holds at most ${subnetsPerZone} networks, and a region at most ${maxSubnets / subnetsPerZone} zones`);
  }
  if (shape.serversPerLeaf > 900) throw new RangeError('at most 900 servers per leaf');
  if (leafIdBase + shape.leaves > 30000) throw new RangeError('at most 29,900 leaves');
}

function ip(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

function long2ip(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function log2(n: number): number {
  return Math.round(Math.log2(n));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function quote(s: string): string {
  return s.includes(':') ? JSON.stringify(s) : s;
}
