/**
 * Check 10's reading of how each server bonds its ports (CLOS5188), across its leaves. The rest of
 * the check trusts a port's `bond` to say what the server runs: the redundancy it reports (notes,
 * CLOS5207) classifies servers by it, and a segment's identity (CLOS5200-5203) is judged only where
 * a port-channel has one. So the models must agree with themselves:
 *
 * - a server has one bond: its ports on every leaf say the same (the intent cannot say two, CLOS3102);
 * - a port bonded with `lacp` is a member of a port-channel, and only such a port is: a leaf that
 *   configures the port of an LACP server as a plain switch port never answers its LACP;
 * - a server's port-channels on two leaves are one Ethernet segment: without one, each leaf is its
 *   own LACP partner with its own system-id, so the server's bond aggregates the links to one leaf
 *   only, and no leaf announces the segment (no aliasing, no fast withdrawal when a link fails).
 *   A segment present on one of the leaves only is CLOS5201's.
 *
 * Verifying an intent, the models must also attach each server as the intent does: the same leaf
 * ports and the same bond (CLOS5189). The models alone cannot tell a dual-homed server whose second
 * port a compiler bug dropped from a single-homed one; the redundancy notes would quietly list it.
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import type { DeviceModel, ServerInterface } from '../../compiler/build/device-model.js';
import type { Findings } from '../context.js';
import type { DeclaredServer } from '../types.js';
import { listNames } from '../locate.js';

interface FirstPort {
  readonly leaf: string;
  readonly port: string;
  readonly bond: ServerInterface['bond'];
}

export function checkServerBonds(f: Findings, leaves: readonly DeviceModel[]): void {
  const first = new Map<string, FirstPort>();
  const mixed = new Set<string>();
  /** Server → the leaves with a port-channel of it, and whether any of those is a segment. */
  const lagLeaves = new Map<string, { leaves: string[]; segment: boolean }>();
  const at = (server: string): string[] => [`server:${server}.attach`, `server:${server}`];
  // forEach, as in segments.ts: these loops run once per leaf, mostly before they are optimized.
  leaves.forEach((m) => {
    m.interfaces.servers.forEach((port) => {
      const seen = first.get(port.server);
      if (seen === undefined) first.set(port.server, { leaf: m.name, port: port.name, bond: port.bond });
      else if (seen.bond !== port.bond && !mixed.has(port.server)) {
        mixed.add(port.server);
        f.add(
          V.serverBondInconsistent,
          { device: m.name, at: at(port.server) },
          port.server,
          `is bonded ${seen.bond} on ${seen.port} of '${seen.leaf}' but ${port.bond} on ${port.name} of '${m.name}': a server has one bond, and its redundancy is judged by it`,
        );
      }
      if (port.bond === 'lacp' && port.lag === null) {
        f.add(
          V.serverBondInconsistent,
          { device: m.name, at: at(port.server) },
          port.server,
          `bonds ${port.name} of '${m.name}' with LACP, but the port is in no port-channel: the leaf would never answer the server's LACP`,
        );
      } else if (port.bond !== 'lacp' && port.lag !== null) {
        f.add(
          V.serverBondInconsistent,
          { device: m.name, at: at(port.server) },
          port.server,
          `is bonded ${port.bond}, but its port ${port.name} of '${m.name}' is a member of ${port.lag}: only an LACP bond is a port-channel`,
        );
      }
    });
    m.interfaces.lags.forEach((lag) => {
      const entry = lagLeaves.get(lag.server) ?? { leaves: [], segment: false };
      if (!entry.leaves.includes(m.name)) entry.leaves.push(m.name);
      if (lag.segment !== null) entry.segment = true;
      lagLeaves.set(lag.server, entry);
    });
  });
  for (const [server, entry] of lagLeaves) {
    if (entry.leaves.length < 2 || entry.segment) continue;
    f.add(
      V.serverBondInconsistent,
      { device: entry.leaves[0] ?? '', at: at(server) },
      server,
      `has port-channels on ${listNames(entry.leaves)} that are no Ethernet segment: each leaf would be its own LACP partner (its own system-id), so the server's bond would aggregate the links to one leaf only, and no leaf would announce the segment`,
    );
  }
}

/** CLOS5189: every server on exactly the leaf ports, and with the bond, that the intent gives it. */
export function checkDeclaredServers(f: Findings, leaves: readonly DeviceModel[], declared: ReadonlyMap<string, DeclaredServer>): void {
  const built = new Map<string, { ports: string[]; bonds: Set<string> }>();
  leaves.forEach((m) => {
    m.interfaces.servers.forEach((port) => {
      const entry = built.get(port.server) ?? { ports: [], bonds: new Set<string>() };
      entry.ports.push(`${m.name}:${port.port}`);
      entry.bonds.add(port.bond);
      built.set(port.server, entry);
    });
  });
  const describe = (ports: readonly string[], bonds: readonly string[]): string =>
    ports.length === 0 ? 'on no port' : `on ${listNames(ports.map((p) => p.replace(':', ' port ')), 4, false)} with bond ${bonds.join(' and ')}`;
  const names = new Set([...declared.keys(), ...built.keys()]);
  for (const name of [...names].sort()) {
    const want = declared.get(name);
    const have = built.get(name);
    const ports = have === undefined ? [] : [...have.ports].sort();
    const bonds = have === undefined ? [] : [...have.bonds].sort();
    const wantPorts = want?.ports ?? [];
    if (ports.join(' ') === wantPorts.join(' ') && (ports.length === 0 || (bonds.length === 1 && bonds[0] === want?.bond))) continue;
    const device = (have?.ports[0] ?? wantPorts[0] ?? '').split(':')[0] ?? '';
    f.add(
      V.serverNotAsDeclared,
      { device, at: [`server:${name}.attach`, `server:${name}`] },
      name,
      describe(ports, bonds),
      want === undefined ? 'to no port (it has no such server)' : describe(wantPorts, [want.bond]),
    );
  }
}
