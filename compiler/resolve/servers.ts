/**
 * Server attachments: leaf ports, network selectors (names and labels), access and trunk modes,
 * and how the server bonds its ports: one port-channel (`lacp`: a local LAG, or an Ethernet
 * segment across two leaves), independent ports that back each other up, or independent ports.
 */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { IntentServer } from '../load/intent-types.js';
import type { ResolveContext } from './context.js';
import { byName } from '../shared/natural-order.js';
import type { UplinkPort } from './cabling.js';
import { unknownLeafHint } from './name-hints.js';
import type { Attachment, BondMode, PortMode } from './fabric-model.js';
import type { NetworkBase } from './tenants.js';
import { mapList } from '../shared/lists.js';

export interface ServerBase {
  readonly intent: IntentServer;
  readonly name: string;
  /** Sorted by leaf id, then port. */
  readonly attachments: readonly Attachment[];
  /** Sorted by id. */
  readonly leaves: readonly string[];
  readonly bond: BondMode;
  /** The port-channel number when `bond` is lacp. */
  readonly lag: number | null;
  readonly mode: PortMode;
  readonly networks: readonly NetworkBase[];
  /** Networks selected only through a `label:` selector → that selector's index in the intent's list. */
  readonly viaLabel: ReadonlyMap<string, number>;
}

/** What the server rules need to know about a leaf. */
export interface LeafInfo {
  readonly id: number;
  readonly rack: string | undefined;
}

export function resolveServers(
  ctx: ResolveContext,
  servers: readonly IntentServer[],
  /** The leaves that resolved without errors. */
  leafInfo: ReadonlyMap<string, LeafInfo>,
  uplinkPorts: ReadonlyMap<string, ReadonlyMap<number, UplinkPort>>,
  /** Ports kept for spines not built yet (cabling.ts futureUplinks). */
  futureUplinks: ReadonlyMap<string, ReadonlyMap<number, number>>,
  maxSpines: number,
  networks: readonly NetworkBase[],
  /** Every name in the intent, including ones dropped after errors, so errors do not cascade. */
  known: { readonly spines: ReadonlySet<string>; readonly leaves: ReadonlySet<string>; readonly networks: ReadonlySet<string>; readonly labels: ReadonlySet<string> },
): ServerBase[] {
  const allLeafNames = known.leaves;
  const allNetworkNames = known.networks;
  const byNetworkName = new Map(mapList(networks, (n) => [n.name, n]));
  const byLabel = new Map<string, NetworkBase[]>();
  for (const n of networks) {
    for (const label of n.labels) {
      const list = byLabel.get(label) ?? [];
      list.push(n);
      byLabel.set(label, list);
    }
  }
  const names = new Map<string, IntentServer>();
  const usedPorts = new Map<string, { server: IntentServer; attach: object }>();
  const out: ServerBase[] = [];

  for (const server of servers) {
    const prev = names.get(server.name);
    if (prev !== undefined) {
      ctx.report(R.duplicateServerName, { span: ctx.at(server, 'name'), related: [ctx.related('first used here', ctx.at(prev, 'name'))] }, server.name);
      continue;
    }
    names.set(server.name, server);
    ctx.rememberAt(['server:', server.name], server, 'name');
    let ok = true;

    const leaves = new Set<string>();
    const attachments: Attachment[] = [];
    const seenHere = new Set<string>();
    // A LAG member is a server port like any other: the same rules (CLOS3010, CLOS3011), with
    // the port-channel named in the hint.
    const member = (server.bond ?? (server.attach.length >= 2 || server.lag !== undefined ? 'lacp' : 'none')) === 'lacp' ? `the port would be a member of the port-channel of '${server.name}'` : '';
    for (const attach of server.attach) {
      if (!allLeafNames.has(attach.leaf)) {
        ctx.report(R.unknownLeaf, { span: ctx.at(attach, 'leaf'), hint: unknownLeafHint(ctx, attach.leaf, known) }, attach.leaf);
        ok = false;
        continue;
      }
      if (!leafInfo.has(attach.leaf)) {
        ok = false; // the leaf itself has errors, already reported
        continue;
      }
      leaves.add(attach.leaf);
      const key = `${attach.leaf}:${attach.port}`;
      if (seenHere.has(key)) {
        ctx.report(R.duplicateAttach, { span: ctx.at(attach) }, server.name, attach.leaf, attach.port);
        ok = false;
        continue;
      }
      seenHere.add(key);
      const uplink = uplinkPorts.get(attach.leaf)?.get(attach.port);
      if (uplink !== undefined) {
        ctx.report(
          R.portIsUplink,
          {
            span: ctx.at(attach, 'port'),
            device: attach.leaf,
            related: uplink.span === undefined ? [] : [ctx.related(`uplink to '${uplink.spine}'`, uplink.span)],
            hint:
              uplink.span === undefined
                ? `uplinks use ports uplink_port + spine id - 1 (${[...(uplinkPorts.get(attach.leaf)?.keys() ?? [])].sort((a, b) => a - b).join(', ')} on this leaf)${member === '' ? '' : `; ${member}`}`
                : member === '' ? undefined : `choose another port: ${member}`,
          },
          attach.leaf,
          attach.port,
          uplink.spine,
        );
        ok = false;
        continue;
      }
      const keptFor = futureUplinks.get(attach.leaf)?.get(attach.port);
      if (keptFor !== undefined) {
        ctx.report(R.portKeptForSpine, { span: ctx.at(attach, 'port'), device: attach.leaf, hint: 'choose a port outside the uplink range (uplink_port to uplink_port + max_spines - 1), or lower fabric.max_spines if the fabric will never have that spine' }, attach.leaf, attach.port, `server '${server.name}'`, keptFor, maxSpines);
      }
      const holder = usedPorts.get(key);
      if (holder !== undefined) {
        ctx.report(
          R.portReused,
          { span: ctx.at(attach, 'port'), device: attach.leaf, related: [ctx.related(`attached to '${holder.server.name}' here`, ctx.at(holder.attach, 'port'))], hint: member === '' ? undefined : `choose another port: ${member}` },
          attach.leaf,
          attach.port,
          holder.server.name,
        );
        ok = false;
        continue;
      }
      usedPorts.set(key, { server, attach });
      attachments.push({ leaf: attach.leaf, port: attach.port });
    }

    const selected = new Map<string, NetworkBase>();
    const viaLabel = new Map<string, number>();
    const named = new Set<string>();
    server.networks.forEach((selector, i) => {
      if (selector.startsWith('label:')) {
        const label = selector.slice('label:'.length);
        const matched = byLabel.get(label);
        if (matched === undefined) {
          if (!known.labels.has(label)) {
            ctx.report(R.unknownLabel, { span: ctx.at(server.networks, i), hint: ctx.suggest(label, known.labels) }, label);
          }
          ok = false;
          return;
        }
        for (const n of matched) {
          selected.set(n.name, n);
          if (!viaLabel.has(n.name)) viaLabel.set(n.name, i);
        }
        return;
      }
      const n = byNetworkName.get(selector);
      if (n === undefined) {
        if (!allNetworkNames.has(selector)) {
          const hint = known.labels.has(selector) ? `'${selector}' is a label: write "label:${selector}" to select its networks` : ctx.suggest(selector, allNetworkNames);
          ctx.report(R.unknownNetwork, { span: ctx.at(server.networks, i), hint }, selector);
        }
        ok = false;
        return;
      }
      selected.set(n.name, n);
      named.add(n.name);
    });
    for (const name of named) viaLabel.delete(name);
    const mode = server.mode ?? 'trunk';
    if (mode === 'access' && ok && selected.size !== 1) {
      ctx.report(
        R.accessPortNetworks,
        { span: ctx.at(server, 'networks'), hint: `an access port is untagged: use mode: trunk to carry ${[...selected.keys()].sort().join(', ')}` },
        server.name,
        selected.size,
      );
      ok = false;
    }
    const bond = checkBond(ctx, server, leaves.size);
    if (bond === undefined) ok = false;
    if (!ok || bond === undefined || attachments.length === 0) continue;
    const idOf = (leaf: string): number => leafInfo.get(leaf)?.id ?? 0;
    attachments.sort((a, b) => idOf(a.leaf) - idOf(b.leaf) || a.port - b.port);
    const lag = bond === 'lacp' ? (server.lag ?? Math.min(...mapList(attachments, (a) => a.port))) : null;
    if (bond !== 'lacp') ctx.rememberAt(['server:', server.name, '.bond'], server, server.bond === undefined ? 'attach' : 'bond');
    else ctx.rememberAt(['server:', server.name, '.lag'], server, server.lag === undefined ? 'attach' : 'lag');
    ctx.rememberAt(['server:', server.name, '.attach'], server, 'attach');
    out.push({
      intent: server,
      name: server.name,
      attachments,
      leaves: [...leaves].sort((a, b) => idOf(a) - idOf(b)),
      bond,
      lag,
      mode,
      networks: [...selected.values()].sort((a, b) => a.vlan - b.vlan || byName(a, b)),
      viaLabel,
    });
  }
  checkLags(ctx, out, leafInfo);
  return out.sort(byName);
}

/**
 * The server's bond: `bond`, else lacp for two or more ports or a `lag`, else none. Undefined
 * (after reporting) when the intent contradicts itself: a port-channel number for independent
 * ports ("mixed modes": a server has one bond mode, so this is the only way to ask for two), or
 * lacp across more than the two leaves an Ethernet segment may span.
 */
function checkBond(ctx: ResolveContext, server: IntentServer, leaves: number): BondMode | undefined {
  const bond: BondMode = server.bond ?? (server.attach.length >= 2 || server.lag !== undefined ? 'lacp' : 'none');
  if (server.lag !== undefined && bond !== 'lacp') {
    ctx.report(
      R.bondModeConflict,
      { span: ctx.at(server, 'lag'), related: [ctx.related(`bond ${bond}`, ctx.at(server, 'bond'))], hint: `remove lag, or set bond: lacp to make the ports one port-channel` },
      server.name,
      server.lag,
      bond,
    );
    return undefined;
  }
  if (bond === 'lacp' && leaves > 2) {
    ctx.report(
      R.lacpTooManyLeaves,
      { span: ctx.at(server, 'attach'), hint: 'attach the server to two leaves, or use bond: active-backup (independent ports that all carry its networks)' },
      server.name,
      leaves,
    );
    return undefined;
  }
  if (bond === 'active-backup' && server.attach.length === 1) {
    ctx.report(R.backupWithoutPorts, { span: ctx.at(server, 'bond'), hint: 'add the backup port to attach, or remove bond' }, server.name);
  }
  return bond;
}

/**
 * Port-channel numbers are unique per leaf (a segment's number is its ESI's discriminator, so this
 * also keeps ESIs unique), and a segment across racks draws a warning.
 */
function checkLags(ctx: ResolveContext, servers: ServerBase[], leafInfo: ReadonlyMap<string, LeafInfo>): void {
  const taken = new Map<string, ServerBase>();
  const bad = new Set<ServerBase>();
  for (const server of servers) {
    if (server.lag === null) continue;
    /** Holder → the leaves where it has the number already. */
    const clashes = new Map<ServerBase, string[]>();
    for (const leaf of server.leaves) {
      const key = `${leaf}\u0000${server.lag}`;
      const holder = taken.get(key);
      if (holder === undefined) taken.set(key, server);
      else clashes.set(holder, [...(clashes.get(holder) ?? []), leaf]);
    }
    for (const [holder, leaves] of clashes) {
      // The server that wrote the number down is the one to change it, whichever comes first in
      // the list: blaming one whose number is its default would have its port-channel (and its
      // segment's ESI) renumbered to make room for the newcomer.
      const [blamed, other] = holder.intent.lag !== undefined && server.intent.lag === undefined ? [holder, server] : [server, holder];
      const explicit = blamed.intent.lag !== undefined;
      const free = `free on ${mapList(blamed.leaves, (l) => `'${l}'`).join(' and ')}`;
      ctx.report(
        R.lagNumberReused,
        {
          span: explicit ? ctx.at(blamed.intent, 'lag') : ctx.at(blamed.intent, 'attach'),
          device: leaves[0] ?? '',
          related: [ctx.related(`port-channel of '${other.name}'`, other.intent.lag !== undefined ? ctx.at(other.intent, 'lag') : ctx.at(other.intent, 'attach'))],
          hint: explicit ? `choose another lag number, ${free}` : `the port-channel number defaults to the lowest attached port (${server.lag}); set lag to a number ${free}`,
        },
        leaves,
        server.lag,
        other.name,
      );
      bad.add(blamed);
    }
    const [a, b] = server.leaves;
    if (a === undefined || b === undefined || server.leaves.length !== 2) continue;
    const rackA = leafInfo.get(a)?.rack;
    const rackB = leafInfo.get(b)?.rack;
    if (rackA !== undefined && rackB !== undefined && rackA !== rackB) {
      ctx.report(
        R.segmentAcrossRacks,
        { span: ctx.at(server.intent, 'attach'), hint: 'cable a dual-homed server to the two leaves of its rack: a cable across racks is longer, and one rack failure should not take both of its leaves' },
        server.name,
        a,
        rackA,
        b,
        rackB,
      );
    }
  }
  if (bad.size > 0) {
    const kept = servers.filter((s) => !bad.has(s));
    servers.length = 0;
    servers.push(...kept);
  }
}
