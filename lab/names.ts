/**
 * Names of everything a lab creates, all derived from the lab name so several labs never collide
 * and `lab down` can find what a crashed run left behind:
 *
 * - device namespace and FRR path space: `clos-<lab>_<device>` (FRR refuses dots and slashes in
 *   `-N`; `_` appears in neither lab nor device names, so the split is unambiguous);
 * - server namespace: `clos-<lab>_h_<server>` (device names never contain `_`);
 * - the namespace and FRR path space of a stand-in router outside the fabric: `clos-<lab>_x_<router>`;
 * - the FRR path space of a server's BGP agent (a Kubernetes node's stand-in): `clos-<lab>_n_<server>`
 *   (it runs in the server's namespace);
 * - the kernel probe of `up`, for a moment: `clos-<lab>__probe`;
 * - state: `/run/clos-lab/<lab>/`; FRR: `/etc/frr/<pathspace>/`, `/var/run/frr/<pathspace>/`.
 */
import { createHash } from 'node:crypto';

export const labNamePattern = /^[a-z][a-z0-9-]{0,30}$/;

export function isValidLabName(name: string): boolean {
  return labNamePattern.test(name);
}

export function labPrefix(lab: string): string {
  return `clos-${lab}_`;
}

/**
 * FRR's sockets live in `/var/run/frr/<pathspace>/`, and a Unix socket path holds at most 107
 * bytes; long device names are shortened with a hash so every path fits.
 */
const maxPathspace = 64;

export function deviceNamespace(lab: string, device: string): string {
  const full = `${labPrefix(lab)}${device}`;
  if (full.length <= maxPathspace) return full;
  const hash = createHash('sha256').update(device).digest('hex').slice(0, 8);
  return `${full.slice(0, maxPathspace - 9)}-${hash}`;
}

export function hostNamespace(lab: string, server: string): string {
  return `${labPrefix(lab)}h_${server}`;
}

/** Namespace and FRR path space of a stand-in router outside the fabric (`ext-as65500`). */
export function externalNamespace(lab: string, router: string): string {
  return deviceNamespace(lab, `x_${router}`);
}

/** FRR path space of a server's BGP agent; the agent runs in the server's namespace. */
export function speakerPathspace(lab: string, server: string): string {
  return deviceNamespace(lab, `n_${server}`);
}

/** True when a namespace name belongs to this lab. */
export function belongsToLab(lab: string, namespace: string): boolean {
  return namespace.startsWith(labPrefix(lab));
}

/** The lab a namespace belongs to, when it looks like one of ours. */
export function labOfNamespace(namespace: string): string | undefined {
  const m = /^clos-([a-z][a-z0-9-]{0,30})_/.exec(namespace);
  return m?.[1];
}

export const defaultStateRoot = '/run/clos-lab';
export const frrConfRoot = '/etc/frr';
export const frrRunRoot = '/var/run/frr';
