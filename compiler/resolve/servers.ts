/** Server attachments: leaf ports, network selectors (names and labels), access and trunk modes. */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { IntentServer } from '../load/intent-types.js';
import type { ResolveContext } from './context.js';
import { byName } from '../shared/natural-order.js';
import type { UplinkPort } from './cabling.js';
import { unknownLeafHint } from './name-hints.js';
import type { PortMode } from './fabric-model.js';
import type { NetworkBase } from './tenants.js';

export interface ServerBase {
  readonly name: string;
  readonly leaf: string;
  readonly ports: readonly number[];
  readonly mode: PortMode;
  readonly networks: readonly NetworkBase[];
  /** Networks selected only through a `label:` selector → that selector's index in the intent's list. */
  readonly viaLabel: ReadonlyMap<string, number>;
  readonly intent: IntentServer;
}

export function resolveServers(
  ctx: ResolveContext,
  servers: readonly IntentServer[],
  leafNames: ReadonlySet<string>,
  uplinkPorts: ReadonlyMap<string, ReadonlyMap<number, UplinkPort>>,
  networks: readonly NetworkBase[],
  /** Every name in the intent, including ones dropped after errors, so errors do not cascade. */
  known: { readonly spines: ReadonlySet<string>; readonly leaves: ReadonlySet<string>; readonly networks: ReadonlySet<string>; readonly labels: ReadonlySet<string> },
): ServerBase[] {
  const allLeafNames = known.leaves;
  const allNetworkNames = known.networks;
  const byNetworkName = new Map(networks.map((n) => [n.name, n]));
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
    const ports: number[] = [];
    const seenHere = new Set<string>();
    for (const attach of server.attach) {
      if (!allLeafNames.has(attach.leaf)) {
        ctx.report(R.unknownLeaf, { span: ctx.at(attach, 'leaf'), hint: unknownLeafHint(ctx, attach.leaf, known) }, attach.leaf);
        ok = false;
        continue;
      }
      if (!leafNames.has(attach.leaf)) {
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
            hint: uplink.span === undefined ? `uplinks use ports uplink_port + spine id - 1 (${[...(uplinkPorts.get(attach.leaf)?.keys() ?? [])].sort((a, b) => a - b).join(', ')} on this leaf)` : undefined,
          },
          attach.leaf,
          attach.port,
          uplink.spine,
        );
        ok = false;
        continue;
      }
      const holder = usedPorts.get(key);
      if (holder !== undefined) {
        ctx.report(
          R.portReused,
          { span: ctx.at(attach, 'port'), device: attach.leaf, related: [ctx.related(`attached to '${holder.server.name}' here`, ctx.at(holder.attach, 'port'))] },
          attach.leaf,
          attach.port,
          holder.server.name,
        );
        ok = false;
        continue;
      }
      usedPorts.set(key, { server, attach });
      ports.push(attach.port);
    }
    if (leaves.size > 1) {
      ctx.report(R.multihomingUnsupported, { span: ctx.at(server, 'attach') }, server.name);
      ok = false;
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
    const leaf = [...leaves][0];
    if (!ok || leaf === undefined) continue;
    out.push({
      name: server.name,
      leaf,
      ports: ports.sort((a, b) => a - b),
      mode,
      networks: [...selected.values()].sort((a, b) => a.vlan - b.vlan || byName(a, b)),
      viaLabel,
      intent: server,
    });
  }
  return out.sort(byName);
}
