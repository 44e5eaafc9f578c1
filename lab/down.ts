/**
 * `clos lab down`: stops every process and removes every namespace and file a lab made. It works
 * from the state directory and, because a crash can leave things the state does not list, also
 * from the names themselves: every namespace and FRR path space starting with `clos-<lab>_`. Safe
 * to run twice, and on a lab that never fully started.
 *
 * Processes are only ever signalled by pid: FRR daemons from the lab's records and pid files (each
 * checked to be an FRR daemon of the lab's path space), and whatever still runs inside the lab's
 * own namespaces.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { LabContext } from './context.js';
import { sleep } from './exec.js';
import { frrDirsWithPrefix, isOurDaemon, pidFilePids, removeDir } from './frr-daemons.js';
import { belongsToLab, labPrefix } from './names.js';
import { frrDaemonOf } from './frr-install.js';

export interface DownReport {
  readonly namespaces: number;
  readonly processes: number;
  readonly problems: readonly string[];
}

export interface DownOptions {
  readonly quiet: boolean;
  /**
   * The kernel goes away right after (the lab's VM stops): daemons are killed without waiting
   * for a clean exit, and the namespaces are left to go with the kernel. Counted all the same.
   */
  readonly discard?: boolean;
}

export async function labDown(ctx: LabContext, lab: string, options: DownOptions): Promise<DownReport> {
  const problems: string[] = [];
  const recorded = ctx.store.read(lab);
  const namespaces = new Set<string>();
  const pathspaces = new Set<string>();
  if (recorded !== undefined && 'state' in recorded) {
    for (const d of recorded.state.plan.devices) {
      namespaces.add(d.namespace);
      pathspaces.add(d.namespace);
    }
    for (const h of recorded.state.plan.hosts) namespaces.add(h.namespace);
    for (const r of recorded.state.plan.externalRouters) namespaces.add(r.namespace);
    for (const d of recorded.state.daemons) if (d.pathspace !== undefined) pathspaces.add(d.pathspace);
  }
  for (const ns of await listNamespaces(ctx)) if (belongsToLab(lab, ns)) namespaces.add(ns);
  for (const dir of frrDirsWithPrefix(labPrefix(lab))) pathspaces.add(dir.slice(dir.lastIndexOf('/') + 1));

  // Daemons first, gently: SIGTERM lets zebra and bgpd remove their sockets and pid files.
  const pids = new Set<number>();
  if (recorded !== undefined && 'state' in recorded) {
    const byDevice = new Map(recorded.state.plan.devices.map((d) => [d.name, d.namespace]));
    for (const d of recorded.state.daemons) if (isOurDaemon(d.pid, d.pathspace ?? byDevice.get(d.device) ?? '')) pids.add(d.pid);
  }
  for (const ps of pathspaces) for (const pid of pidFilePids(ps)) if (isOurDaemon(pid, ps)) pids.add(pid);
  const existing = [...namespaces].filter((ns) => existsSync(`/run/netns/${ns}`));
  for (const pid of namespacePids(existing)) pids.add(pid);
  const daemonNames = new Map([...pids].map((pid) => [pid, daemonName(pid)]));
  await stopProcesses([...pids], options.discard === true);
  // A daemon that had to be killed leaves its crash-log directory behind.
  for (const [pid, name] of daemonNames) if (name !== undefined) rmSync(`/var/tmp/frr/${name}.${pid}`, { recursive: true, force: true });

  if (existing.length > 0 && options.discard !== true) {
    const r = await ctx.run('ip', ['-force', '-batch', '-'], { input: existing.map((ns) => `netns del ${ns}\n`).join('') });
    if (r.code !== 0) {
      for (const ns of existing) if (existsSync(`/run/netns/${ns}`)) problems.push(`namespace ${ns}: ${r.stderr.trim()}`);
    }
  }
  for (const ps of pathspaces) for (const dir of frrDirsWithPrefix(ps)) if (dir.endsWith(`/${ps}`)) removeDir(dir);
  ctx.store.remove(lab);
  ctx.store.removeRootIfEmpty();
  if (!options.quiet && (existing.length > 0 || pids.size > 0)) {
    ctx.progress(`lab ${lab}: stopped ${pids.size} processes, removed ${existing.length} namespaces`);
  }
  return { namespaces: existing.length, processes: pids.size, problems };
}

export async function listNamespaces(ctx: LabContext): Promise<string[]> {
  const r = await ctx.run('ip', ['netns', 'list']);
  if (r.code !== 0) return [];
  return r.stdout.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter((n) => n !== '');
}

/** The FRR daemon a pid runs (`zebra`), if it is one. */
function daemonName(pid: number): string | undefined {
  try {
    return frrDaemonOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
  } catch {
    return undefined;
  }
}

/**
 * Processes in the namespaces, as `ip netns pids` finds them but without a process per namespace:
 * a process is in a namespace when its /proc/<pid>/ns/net is the namespace's file.
 */
export function namespacePids(namespaces: readonly string[]): number[] {
  const wanted = new Set<string>();
  for (const ns of namespaces) {
    try {
      const st = statSync(`/run/netns/${ns}`);
      wanted.add(`${st.dev}:${st.ino}`);
    } catch {
      // gone meanwhile
    }
  }
  if (wanted.size === 0) return [];
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const st = statSync(`/proc/${name}/ns/net`);
      if (wanted.has(`${st.dev}:${st.ino}`)) pids.push(Number(name));
    } catch {
      // exited, or a kernel thread
    }
  }
  return pids;
}

/** SIGTERM, up to 3 s for a clean exit, then SIGKILL; SIGKILL at once when nothing needs a clean exit. */
async function stopProcesses(pids: readonly number[], kill: boolean): Promise<void> {
  const alive = (pid: number): boolean => {
    try {
      // A zombie has exited; only its parent can reap it.
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  const signal = (pid: number, sig: NodeJS.Signals): void => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  if (!kill) {
    for (const pid of pids) signal(pid, 'SIGTERM');
    for (let i = 0; i < 60 && pids.some(alive); i++) await sleep(50);
  }
  for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
  for (let i = 0; i < 20 && pids.some(alive); i++) await sleep(50);
}
