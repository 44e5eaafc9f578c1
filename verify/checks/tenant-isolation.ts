/**
 * Check 8, tenant isolation. The route-target graph has a node per MAC-VRF (L2 VNI) and IP-VRF
 * (L3 VNI), fabric-wide, and an edge from X to Y when Y imports a route target X exports on any
 * leaf (routes flow from X to Y). Any connected component holding two tenants has a path between
 * them, and on such a path some edge crosses from one tenant to the other: each such edge is a leak
 * and is reported with its route target. Besides: no VNI or route target used by two tenants, and
 * every VRF and VNI in one tenant on every leaf.
 *
 * Routes that enter a VRF from outside (a border's exit) or from hosts travel in the VRF's own EVPN
 * with its route targets, so the graph covers them too: inside the fabric tenants still exchange
 * nothing. Outside it they may meet: VRFs that hand off to the same external router (one AS) can
 * reach each other through it, which is where the policy between them lives. Each such meeting
 * point is named (information, CLOS5235); the exits check proves that no VRF announces what it
 * learns there back out.
 */
import { DirectedGraph } from 'graphology';
import { connectedComponents } from 'graphology-components';
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import type { VniUse } from '../analysis/vnis.js';
import { Findings, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import { listNames, plural } from '../locate.js';

interface RtNode {
  readonly label: string;
  readonly key: string;
  readonly tenants: Set<string>;
  readonly imports: Map<string, number>;
  readonly exports: Map<string, number>;
}

export function checkTenantIsolation(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const nodes = new Map<string, RtNode>();
  const nodeId = (u: VniUse): string => (u.kind === 'l2' ? `mac-vrf:${u.vni}` : `ip-vrf:${u.name}`);
  const vniTenants = new Map<number, Map<string, number>>();
  const rtTenants = new Map<string, Map<string, number>>();
  const noTargets: readonly string[] = [];
  ctx.vnis.byVni.forEach((uses, vni) => {
    // Uses that agree on everything but the device add nothing after the first. forEach, not
    // for…of: this runs once, mostly before it is optimized, where for…of allocates an iterator
    // result per element (bench/PROFILE.md, sections 30 and 33).
    (ctx.vnis.uniform.has(vni) ? uses.slice(0, 1) : uses).forEach((u) => {
      const id = nodeId(u);
      let node = nodes.get(id);
      if (node === undefined) {
        node = {
          label: u.kind === 'l2' ? `VNI ${u.vni} (network '${u.name}')` : `VRF '${u.name}'`,
          key: u.kind === 'l2' ? `network:${u.name}` : `vrf:${u.name}`,
          tenants: new Set(),
          imports: new Map(),
          exports: new Map(),
        };
        nodes.set(id, node);
      }
      const tenant = u.tenant ?? '(none)';
      const { imports, exports } = node;
      node.tenants.add(tenant);
      const rtIn = u.routeTargets?.import ?? noTargets;
      const rtOut = u.routeTargets?.export ?? noTargets;
      rtIn.forEach((rt) => {
        if (!imports.has(rt)) imports.set(rt, u.device);
      });
      rtOut.forEach((rt) => {
        if (!exports.has(rt)) exports.set(rt, u.device);
      });
      const vt = vniTenants.get(vni) ?? new Map<string, number>();
      if (!vt.has(tenant)) vt.set(tenant, u.device);
      vniTenants.set(vni, vt);
      const byTenant = (rt: string): void => {
        const t = rtTenants.get(rt) ?? new Map<string, number>();
        if (!t.has(tenant)) t.set(tenant, u.device);
        rtTenants.set(rt, t);
      };
      rtIn.forEach(byTenant);
      rtOut.forEach(byTenant);
    });
  });

  // A node per VNI and VRF (4,000 on the scale target): forEach over them, as above.
  nodes.forEach((node) => {
    if (node.tenants.size > 1) f.add(V.tenantInconsistent, { at: [node.key] }, node.label, listNames([...node.tenants].sort()));
  });
  vniTenants.forEach((tenants, vni) => {
    if (tenants.size > 1) {
      const device = [...tenants.values()][1] ?? 0;
      f.add(V.sharedVni, { device: nameOf(ctx, device), at: keysForVni(ctx, vni) }, vni, listNames([...tenants.keys()].sort()));
    }
  });
  for (const [rt, tenants] of [...rtTenants].sort()) {
    if (tenants.size > 1) {
      const device = [...tenants.values()][1] ?? 0;
      f.add(V.sharedRouteTarget, { device: nameOf(ctx, device), at: keysForRt(nodes, rt) }, rt, listNames([...tenants.keys()].sort()));
    }
  }

  // The route-target graph.
  const graph = new DirectedGraph<{ tenant: string }, { rt: string }>();
  nodes.forEach((node, id) => graph.addNode(id, { tenant: [...node.tenants][0] ?? '(none)' }));
  const exportersOf = new Map<string, string[]>();
  nodes.forEach((node, id) => {
    node.exports.forEach((_device, rt) => exportersOf.set(rt, [...(exportersOf.get(rt) ?? []), id]));
  });
  nodes.forEach((node, id) => {
    node.imports.forEach((_device, rt) => {
      for (const from of exportersOf.get(rt) ?? []) {
        if (from !== id && !graph.hasEdge(from, id)) graph.addDirectedEdge(from, id, { rt });
      }
    });
  });
  let leaks = 0;
  for (const component of connectedComponents(graph)) {
    const tenants = new Set(component.map((id) => graph.getNodeAttribute(id, 'tenant')));
    if (tenants.size < 2) continue;
    for (const to of component.sort()) {
      graph.forEachInEdge(to, (_edge, attrs, from) => {
        const tf = graph.getNodeAttribute(from, 'tenant');
        const tt = graph.getNodeAttribute(to, 'tenant');
        if (tf === tt) return;
        const importer = nodes.get(to);
        const exporter = nodes.get(from);
        if (importer === undefined || exporter === undefined) return;
        leaks++;
        const device = importer.imports.get(attrs.rt) ?? 0;
        const exDevice = exporter.exports.get(attrs.rt) ?? 0;
        f.add(
          V.routeLeak,
          { device: nameOf(ctx, device), at: [importer.key], related: [{ message: `${exporter.label} exports it on '${nameOf(ctx, exDevice)}'`, at: [exporter.key] }] },
          importer.label,
          tt,
          attrs.rt,
          exporter.label,
          tf,
        );
      });
    }
  }
  const tenants = new Set([...nodes.values()].flatMap((n) => [...n.tenants]));
  const meetings = reportMeetingPoints(ctx, f);
  return {
    diagnostics: f.list,
    summary: `${plural(tenants.size, 'tenant')}, ${plural(nodes.size, 'routing instance')} (VRFs and MAC-VRFs), ${plural(graph.size, 'route-target edge')}${leaks > 0 ? `, ${leaks} across tenants` : ''}${meetings > 0 ? `; ${plural(meetings, 'meeting point')} outside the fabric` : ''}`,
  };
}

/** VRFs handed off to one external AS meet there: one information finding per such AS. */
function reportMeetingPoints(ctx: VerifyContext, f: Findings): number {
  const byAsn = new Map<number, { vrfs: Map<string, string>; borders: Set<string> }>();
  for (const d of ctx.fg.devices) {
    // Only borders have external neighbors: the VRFs' tenants by name are made for them alone.
    let tenantOf: Map<string, string | null> | undefined;
    d.model.bgp.vrfs.forEach((v) => {
      if (v.neighbors.length === 0) return;
      tenantOf ??= new Map(d.model.vrfs.map((x) => [x.name, x.tenant]));
      for (const n of v.neighbors) {
        const entry = byAsn.get(n.remoteAs) ?? { vrfs: new Map<string, string>(), borders: new Set<string>() };
        entry.vrfs.set(v.vrf, tenantOf.get(v.vrf) ?? '(none)');
        entry.borders.add(d.name);
        byAsn.set(n.remoteAs, entry);
      }
    });
  }
  let count = 0;
  for (const [asn, { vrfs, borders }] of [...byAsn].sort((a, b) => a[0] - b[0])) {
    if (vrfs.size < 2) continue;
    count++;
    const tenants = [...new Set(vrfs.values())].sort();
    const vrfNames = [...vrfs.keys()].sort();
    const who = tenants.length > 1 ? `tenants ${listNames(tenants)}` : `VRFs ${listNames(vrfNames)} of tenant '${tenants[0] ?? ''}'`;
    const where = `AS ${asn} (VRFs ${listNames(vrfNames, 6, false)}, handed off on ${listNames([...borders].sort())})`;
    f.add(V.meetingPoint, { at: vrfNames.map((v) => `vrf:${v}.external`) }, who, where);
  }
  return count;
}

function keysForVni(ctx: VerifyContext, vni: number): string[] {
  const uses = ctx.vnis.byVni.get(vni) ?? [];
  const keys: string[] = [];
  for (const u of uses.slice().reverse()) {
    const k = u.kind === 'l2' ? `network:${u.name}` : `vrf:${u.name}`;
    if (!keys.includes(`${k}.vni`)) keys.push(u.kind === 'l2' ? `${k}.vni` : `${k}.l3vni`, k);
  }
  return keys;
}

function keysForRt(nodes: ReadonlyMap<string, RtNode>, rt: string): string[] {
  const keys: string[] = [];
  for (const n of [...nodes.values()].reverse()) if (n.imports.has(rt) || n.exports.has(rt)) keys.push(n.key);
  return keys;
}
