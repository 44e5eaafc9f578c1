/**
 * Which FRR the lab runs. By default the system's: daemons in `/usr/lib/frr`, `vtysh` on the PATH
 * (Debian 12's FRR 8.4). With `CLOS_LAB_FRR=<root>`, an FRR unpacked under that root, as
 * `lab/frr-unpack.sh` unpacks Debian 13's FRR 10 with `dpkg -x`: its daemons in
 * `<root>/usr/lib/frr`, its vtysh `<root>/usr/bin/vtysh`, and, when the root holds its own dynamic
 * loader (a newer C library than the machine's), every program run through that loader with the
 * root's libraries first. Configs, sockets and pid files stay where the lab puts them for either
 * (`/etc/frr/<path space>`, `/var/run/frr/<path space>`): FRR's compiled-in paths are the same.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Runner } from './exec.js';

export interface FrrInstall {
  /** `/` for the system's FRR. */
  readonly root: string;
  readonly daemonDir: string;
  readonly vtysh: string;
  /** The argv that runs a program of this FRR before the program's path: empty, or its loader. */
  readonly launcher: readonly string[];
  /**
   * The argv before a daemon's path: the launcher, behind a private mount of the root's YANG
   * modules over `/usr/share/yang` when the root has libyang's own modules there. libyang loads
   * modules of its own from the directory compiled into it, and no environment variable moves it:
   * without the mount, mgmtd of Debian sid's FRR 10.7 (libyang 5, which needs `ietf-yang-semver`)
   * stops with `yang_init: ly_ctx_new() failed` on a Debian 12 machine, whose directory holds
   * libyang 2's.
   * The mount is the daemon's alone (`unshare --mount`); the machine's `/usr/share/yang` is
   * unchanged for every other process.
   */
  readonly daemonLauncher: readonly string[];
  /**
   * The daemons the lab starts, in order: zebra first (the others connect to it), then bgpd, and
   * bfdd because the configs use BFD; FRR 9 and later first start mgmtd, without which zebra does
   * not take its configuration and vtysh waits for it.
   */
  readonly daemons: readonly string[];
}

const libDir = 'usr/lib/x86_64-linux-gnu';
const systemYang = '/usr/share/yang';

export function frrInstallAt(root: string): FrrInstall {
  const daemonDir = join(root, 'usr/lib/frr');
  const loader = join(root, libDir, 'ld-linux-x86-64.so.2');
  const ownLoader = root !== '/' && existsSync(loader);
  const libraries = [join(root, libDir, 'frr'), join(root, libDir), '/lib/x86_64-linux-gnu'].join(':');
  const base = ['zebra', 'bgpd', 'bfdd'];
  const launcher = ownLoader ? [loader, '--library-path', libraries] : [];
  const yang = join(root, 'usr/share/yang');
  const ownYang = root !== '/' && existsSync(join(yang, 'modules/libyang')) && existsSync(systemYang);
  return {
    root,
    daemonDir,
    vtysh: root === '/' ? 'vtysh' : join(root, 'usr/bin/vtysh'),
    launcher,
    daemonLauncher: ownYang ? ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', `mount --bind "$0" ${systemYang} && exec "$@"`, yang, ...launcher] : launcher,
    daemons: existsSync(join(daemonDir, 'mgmtd')) ? ['mgmtd', ...base] : base,
  };
}

let current: FrrInstall | undefined;

/** CLOS_LAB_FRR's root, absolute (the lab records it for later commands); unset or empty: the system's FRR. */
function rootOf(value: string | undefined, cwd: string = process.cwd()): string {
  return value === undefined || value === '' ? '/' : resolve(cwd, value);
}

/**
 * Chooses the FRR of the lab command about to run from its environment: every `clos lab` command
 * calls it first. The lab VM's agent runs the host's commands in one process with the host's
 * CLOS_LAB_FRR in their environment, not in its own.
 */
export function selectLabFrr(env: Readonly<Record<string, string | undefined>>, cwd?: string): FrrInstall {
  current = frrInstallAt(rootOf(env['CLOS_LAB_FRR'], cwd));
  return current;
}

/**
 * The FRR a running lab was started with (its state's `frr`), for every later command on it,
 * whatever that command's environment says; a state without one ran the system's.
 */
export function selectRecordedFrr(root: string | undefined): FrrInstall {
  current = frrInstallAt(root ?? '/');
  return current;
}

/** The FRR of this process's lab command: the one selected, else CLOS_LAB_FRR's, else the system's. */
export function labFrr(): FrrInstall {
  current ??= frrInstallAt(rootOf(process.env['CLOS_LAB_FRR']));
  return current;
}

/** file and argv that run a program behind a launcher (nothing, a loader, a mount and a loader). */
function launch(launcher: readonly string[], program: string, args: readonly string[]): [string, string[]] {
  const [first, ...rest] = [...launcher, program, ...args];
  return [first ?? program, rest];
}

/** file and argv that run one of the FRR's programs (a daemon's path, or its vtysh). */
export function frrCommand(frr: FrrInstall, program: string, args: readonly string[]): [string, string[]] {
  return launch(frr.launcher, program, args);
}

/** file and argv that start one of the FRR's daemons (`zebra`) with its arguments. */
export function frrDaemonCommand(frr: FrrInstall, daemon: string, args: readonly string[]): [string, string[]] {
  return launch(frr.daemonLauncher, join(frr.daemonDir, daemon), args);
}

/** `vtysh <args>` of the lab's FRR. */
export function vtyshCommand(args: readonly string[], frr: FrrInstall = labFrr()): [string, string[]] {
  return frrCommand(frr, frr.vtysh, args);
}

/**
 * The FRR daemon a process's argv runs (`zebra`), of any install: the program is
 * `…/usr/lib/frr/<daemon>`, argv[0] or after its loader and the loader's library path.
 */
export function frrDaemonOf(argv: readonly string[]): string | undefined {
  const first = argv[0] ?? '';
  const program = !first.endsWith('/ld-linux-x86-64.so.2') ? first : argv[1] === '--library-path' ? argv[3] : argv[1];
  return /\/lib\/frr\/([a-z0-9]+)$/.exec(program ?? '')?.[1];
}

/** The version a daemon's `--version` prints on its first line (`bgpd version 10.3` → `10.3`), if any. */
export function frrVersionOf(output: string): string | undefined {
  return /\bversion (\d+\.\d+\S*)/.exec(output)?.[1];
}

/** The version of an FRR's bgpd (`bgpd --version`), or undefined when it cannot say. */
export async function readBgpdVersion(run: Runner, frr: FrrInstall = labFrr()): Promise<string | undefined> {
  const r = await run(...frrCommand(frr, join(frr.daemonDir, 'bgpd'), ['--version']));
  return r.code === 0 ? frrVersionOf(r.stdout) : undefined;
}

/**
 * Whether a bgpd of this version (`10.3`, `10.2.2`, `8.4.4`) starts no BGP session while the
 * session's BFD session is down, with plain `neighbor … bfd`. Such a bgpd never connects to a
 * leaf's listen range: the leaf has the neighbour, and with it a BFD session, only once the
 * session is up. FRR commit 1fb48f5d13 ("Do not start BGP session if BFD profile is in shutdown
 * state", first in 10.2) made peer_active() false whenever BFD is down; FRR PR #18562 ("Treat the
 * peer as not active due to BFD down only if established") undid that for sessions not yet up,
 * backported as ab73284535 (first in 10.2.3) and d35025a0f5 (first in 10.3.1); 10.4 (commit
 * 4169f27085) holds a session down for BFD only with `neighbor … bfd strict`. So 10.2.0 to
 * 10.2.2 and 10.3.0 wait (Debian 13's 10.3-3 is 10.3.0, and does).
 */
export function bgpdWaitsForBfd(version: string): boolean {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (m === null) return false;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  return major === 10 && ((minor === 2 && patch < 3) || (minor === 3 && patch < 1));
}
