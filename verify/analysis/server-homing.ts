/**
 * How each server is attached to the fabric, read from the leaves' models (what will be deployed):
 * the one notion of "single-homed" that the verifier's redundancy check (check 10) reports as notes
 * and `clos doc` lists as single points of failure, so the two never disagree.
 *
 * A server is `multihomed` when it is bonded to two or more leaves (whether each leaf carries all
 * of its networks is the check's business); `local-links` when it has several links to one leaf,
 * bonded (a local LAG, or active-backup): it survives a link failure, not the failure of its leaf;
 * `independent-ports` when it has several links with bond none (it loses what each port carries
 * with that link or leaf); `single-homed` when it has one link: the link and the leaf are each a
 * single point of failure.
 */
import type { DeviceModel, LagInterface, ServerInterface } from '../../compiler/build/device-model.js';

/**
 * One server's ports on one leaf, as the leaf's model configures them. Kept for every server to the
 * end of the verifier's pass (20,000 on the scale target, most of its surviving objects): a port
 * count and the ports' network lists, not the ports and a set.
 */
export interface Attachment {
  readonly leaf: string;
  ports: number;
  /** The first port's networks (through its port-channel for members). */
  readonly networks: readonly string[];
  /** The other ports' networks, where a list differs from `networks` (as built, none does). */
  more: (readonly string[])[] | undefined;
  lag: LagInterface | undefined;
}

export interface ServerView {
  readonly name: string;
  /** One per leaf, in the order the leaves were visited. */
  readonly attachments: Attachment[];
  bond: ServerInterface['bond'];
}

export type Homing = 'multihomed' | 'local-links' | 'independent-ports' | 'single-homed';

/**
 * Adds one server port of leaf `leaf` to its server's view. Leaves are visited one at a time, each
 * once, so a leaf's attachment, if it has one yet, is the server's last.
 */
export function addServerPort(servers: Map<string, ServerView>, leaf: string, port: ServerInterface, lag: LagInterface | undefined): void {
  const networks = lag?.networks ?? port.networks;
  const view = servers.get(port.server);
  if (view === undefined) {
    servers.set(port.server, { name: port.server, attachments: [{ leaf, ports: 1, networks, more: undefined, lag }], bond: port.bond });
    return;
  }
  const last = view.attachments[view.attachments.length - 1];
  if (last?.leaf === leaf) {
    last.ports++;
    if (!sameItems(networks, last.networks)) (last.more ??= []).push(networks);
    if (lag !== undefined) last.lag = lag;
  } else {
    view.attachments.push({ leaf, ports: 1, networks, more: undefined, lag });
  }
}

/** The views of every server of these leaves' models, leaves taken in the order given. */
export function collectServerViews(leaves: readonly DeviceModel[]): ServerView[] {
  const servers = new Map<string, ServerView>();
  for (const m of leaves) {
    const lagByName = new Map(m.interfaces.lags.map((l) => [l.name, l]));
    for (const port of m.interfaces.servers) addServerPort(servers, m.name, port, port.lag === null ? undefined : lagByName.get(port.lag));
  }
  return [...servers.values()];
}

/** How a server is attached; undefined for a view with no port (none is built so). */
export function classifyHoming(s: ServerView): Homing | undefined {
  const a = s.attachments[0];
  if (a === undefined) return undefined;
  if (s.attachments.length >= 2) return s.bond === 'none' ? 'independent-ports' : 'multihomed';
  if (a.ports >= 2 && (a.lag !== undefined || s.bond === 'active-backup')) return 'local-links';
  if (a.ports >= 2 && s.bond === 'none') return 'independent-ports';
  return 'single-homed';
}

export function sameItems(x: readonly unknown[], y: readonly unknown[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
