/**
 * Starting and stopping FRR in a namespace with its own path space (`-N`): config in
 * `/etc/frr/<ns>/`, sockets and pid files in `/var/run/frr/<ns>/`. Daemons are started one by one
 * and the integrated config is then loaded with `vtysh -b`: a daemon started with `-f frr.conf`
 * would parse the other daemons' blocks too and stop at the first it does not know.
 */
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFailure, sleep, type Runner } from './exec.js';
import { frrDaemonCommand, frrDaemonOf, labFrr, vtyshCommand, type FrrInstall } from './frr-install.js';
import { frrConfRoot, frrRunRoot } from './names.js';

export interface StartedDaemon {
  readonly daemon: string;
  readonly pid: number;
}

/** uid and gid of the `frr` user, read once from /etc/passwd. */
function frrOwner(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('frr:'));
  const fields = line?.split(':') ?? [];
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('the frr user does not exist (install FRR: apt-get install frr)');
  return { uid, gid };
}

let owner: { uid: number; gid: number } | undefined;

export function prepareFrrDirs(pathspace: string, frrConf: string, logDir: string): void {
  owner ??= frrOwner();
  const conf = join(frrConfRoot, pathspace);
  const run = join(frrRunRoot, pathspace);
  for (const dir of [conf, run, logDir]) {
    mkdirSync(dir, { recursive: true });
    chownSync(dir, owner.uid, owner.gid);
  }
  for (const [name, content] of [['frr.conf', frrConf], ['vtysh.conf', '']] as const) {
    const file = join(conf, name);
    writeFileSync(file, content);
    chownSync(file, owner.uid, owner.gid);
  }
}

/**
 * Starts the daemons and loads the config; throws with the daemon's own words when one fails. The
 * path space is the namespace's name for devices; a server's BGP agent has one of its own.
 */
export async function startFrr(run: Runner, namespace: string, logDir: string, pathspace: string = namespace, frr: FrrInstall = labFrr()): Promise<StartedDaemon[]> {
  const started: StartedDaemon[] = [];
  for (const daemon of frr.daemons) {
    const pidFile = join(frrRunRoot, pathspace, `${daemon}.pid`);
    const [file, args] = frrDaemonCommand(frr, daemon, ['-d', '-N', pathspace, '-F', 'datacenter', '-i', pidFile, '-P', '0', '--log', `file:${join(logDir, `${daemon}.log`)}`]);
    // 60 s: in the VM without KVM, on a busy machine, mgmtd of FRR 10.3 once took more than 20 s to
    // daemonize on one of dc1's 24 devices (load 3), and `up` stopped there.
    const result = await run('ip', ['netns', 'exec', namespace, file, ...args], { timeoutMs: 60_000 });
    if (result.code !== 0) throw new Error(describeFailure(daemon, result));
    const pid = await readPid(pidFile);
    if (pid === undefined) throw new Error(`${daemon} started but wrote no pid file ${pidFile}`);
    started.push({ daemon, pid });
  }
  await waitForSockets(pathspace, frr.daemons);
  const loaded = await run(...vtyshCommand(['-N', pathspace, '-b'], frr), { timeoutMs: 60_000 });
  const complaints = `${loaded.stdout}${loaded.stderr}`.split('\n').filter((l) => /%|error|unknown/i.test(l));
  if (loaded.code !== 0 || complaints.length > 0) throw new Error(describeFailure('vtysh -b', loaded));
  return started;
}

async function readPid(file: string): Promise<number | undefined> {
  for (let i = 0; i < 50; i++) {
    if (existsSync(file)) {
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0) return pid;
    }
    await sleep(20);
  }
  return undefined;
}

async function waitForSockets(pathspace: string, daemons: readonly string[]): Promise<void> {
  const sockets = daemons.map((d) => join(frrRunRoot, pathspace, `${d}.vty`));
  for (let i = 0; i < 100; i++) {
    if (sockets.every((s) => existsSync(s))) return;
    await sleep(20);
  }
  throw new Error(`FRR vty sockets did not appear in ${join(frrRunRoot, pathspace)}`);
}

/** True when the pid runs an FRR daemon of this path space (pids are reused; never kill a stranger). */
export function isOurDaemon(pid: number, pathspace: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = argv.indexOf('-N');
    return frrDaemonOf(argv) !== undefined && at >= 0 && argv[at + 1] === pathspace;
  } catch {
    return false;
  }
}

/** Pids from the pid files of a path space. */
export function pidFilePids(pathspace: string): number[] {
  const dir = join(frrRunRoot, pathspace);
  if (!existsSync(dir)) return [];
  const pids: number[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.pid')) continue;
    try {
      const pid = Number(readFileSync(join(dir, name), 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0) pids.push(pid);
    } catch {
      // a pid file that vanished while we read: the daemon exited
    }
  }
  return pids;
}

/** Path spaces under /etc/frr and /var/run/frr that start with a prefix. */
export function frrDirsWithPrefix(prefix: string): string[] {
  const out: string[] = [];
  for (const root of [frrConfRoot, frrRunRoot]) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root)) if (name.startsWith(prefix)) out.push(join(root, name));
  }
  return out.sort();
}

export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
}
