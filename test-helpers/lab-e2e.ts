/**
 * What the end-to-end lab tests (`*.lab.test.ts`, `npm run test:lab`) share: running `clos`
 * in-process, reading a lab's state and report, and finding what a lab left behind. A lab runs on
 * this kernel or in the lab's VM, whichever `clos lab up` chooses; these helpers work for both.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { memoryIo } from '../cli/io.js';
import { run } from '../cli/run.js';
import type { LabCheck } from '../lab/check.js';
import { mapLimit, runProcess } from '../lab/exec.js';
import { frrCommand, frrVersionOf, labFrr, vtyshCommand } from '../lab/frr-install.js';
import { zebraRouterMacDefect } from '../lab/checks/neighbour-sync.js';
import { frrConfRoot, labPrefix } from '../lab/names.js';
import type { LabState } from '../lab/state.js';
import { kernelTrouble } from '../lab/vm/console-watch.js';
import { consoleLogOf, readVmRecord } from '../lab/vm/machine.js';
import { repoRoot } from './examples.js';
import { tempDir } from './temp.js';

export const stateRoot = process.env['CLOS_LAB_STATE_DIR'] ?? '/run/clos-lab';

/**
 * Lab names of the tests start with this (CLOS_LAB_TEST_NAME, default `labtest`): on a machine
 * shared with others running the same tests, give each run its own, with its own
 * CLOS_LAB_STATE_DIR, so no test takes down a lab it did not start.
 */
export const testLabName = process.env['CLOS_LAB_TEST_NAME'] ?? 'labtest';

export interface ClosRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function clos(...argv: string[]): Promise<ClosRun> {
  const io = memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1', CLOS_LAB_STATE_DIR: stateRoot, ...passThrough() } });
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/**
 * Settings of the machine the tests may be given (a kernel to boot, an accelerator, the FRR to run:
 * the tests judge a lab by `frrVersion()`, which reads CLOS_LAB_FRR, so the labs they start must run
 * that FRR; upLab checks it after `up`).
 */
function passThrough(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['CLOS_LAB_VM_KERNEL', 'CLOS_LAB_VM_BUSYBOX', 'CLOS_LAB_VM_ACCEL', 'CLOS_DEBUG', 'CLOS_LAB_FRR']) {
    const v = process.env[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * Keeps a lab's report (`clos lab test --format json` output) as `<dir>/<name>.json` when
 * CLOS_LAB_REPORT_DIR names a directory, so a run's counts and messages outlive its lab; returns
 * the report's text.
 */
export function keepReport(name: string, text: string): string {
  const dir = process.env['CLOS_LAB_REPORT_DIR'];
  if (dir !== undefined && dir !== '') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), text);
  }
  return text;
}

export function labState(lab: string): LabState {
  return JSON.parse(readFileSync(join(stateRoot, lab, 'state.json'), 'utf8')) as LabState;
}

/** A device's model.json in the build a lab runs, parsed; the caller types it as far as it reads it. */
export function labModel(lab: string, device: string): unknown {
  return JSON.parse(readFileSync(join(stateRoot, lab, 'build', device, 'model.json'), 'utf8'));
}

/**
 * `clos lab up <source> --name <lab> [options]`, which must succeed with no error, on the FRR the
 * tests judge the lab by (frrVersion reads CLOS_LAB_FRR; the lab records the FRR it runs).
 */
export async function upLab(lab: string, source: string, ...options: string[]): Promise<ClosRun> {
  const up = await clos('lab', 'up', source, '--name', lab, ...options);
  expect(up.err, up.err).not.toMatch(/\berror CLOS/);
  expect(up.code).toBe(0);
  expect(labFrrRoot(lab)).toBe(labFrr().root);
  return up;
}

/** The root of the FRR a lab runs, as its state records it (`/`: the system's). */
export function labFrrRoot(lab: string): string {
  return labState(lab).frr ?? '/';
}

/**
 * `clos lab down --name <lab>` for a test's afterAll, printing first the kernel trouble the lab
 * VM's console reports, if the lab ran in one (down removes the console with the VM): a test
 * that timed out on a guest that stopped answering then leaves the reason in the run's log.
 */
export async function downLab(lab: string): Promise<ClosRun> {
  let text = '';
  try {
    text = readFileSync(consoleLogOf(join(stateRoot, lab)), 'utf8');
  } catch {
    // No VM, or it left no console.
  }
  const trouble = kernelTrouble(text);
  if (trouble.length > 0) console.warn(`lab ${lab}: the VM's console reports kernel trouble (${trouble.length} lines):\n${trouble.slice(-20).join('\n')}`);
  return clos('lab', 'down', '--name', lab);
}

/** True when the lab runs in the lab's VM. */
export function inVm(lab: string): boolean {
  return readVmRecord(join(stateRoot, lab)) !== undefined;
}

/** Checks of the routed overlay: with VRF devices, none of them may be left not run. */
export const routedGroups: readonly string[] = ['gateway', 'routing', 'isolation'];

/**
 * The routed checks a kernel with VRFs left not run (there must be none), but for one limit of
 * FRR on an upstream kernel the lab proves with evidence: a gateway or routing probe of a
 * dual-homed server that got no answer while its leaves' zebra logged the kernel refusing the
 * ARP entries it syncs over EVPN (CLOS7211, FRRouting/frr#15253: FRR marks them with neighbour
 * flags only Cumulus's kernel knows). Exactly those are accepted, each with the log line counted
 * in its message, on every FRR version: 8.4, 10.3 and 10.7.1 all log the refusals.
 */
export function routedNotRun(checks: readonly LabCheck[]): LabCheck[] {
  return checks.filter((c) => c.status === 'not-run' && routedGroups.includes(c.group) && !refusedSync(c));
}

/** A CLOS7211 check that carries its evidence: zebra's count of refused synced entries. */
export function refusedSync(c: LabCheck): boolean {
  return c.code === 'CLOS7211' && /logged 'Extended Error: reserved bit set' \d+ times/.test(c.message ?? '');
}

/**
 * A CLOS7222 check that carries its evidence: duplicates on a flow of a server on an Ethernet
 * segment, and zebra's count of refused MAC next-hop entries on a leaf at the other end (FRR 8.4
 * and 10.3 alike on Linux 6.1: README, "MAC next-hop groups").
 */
export function refusedMacNexthop(c: LabCheck): boolean {
  return c.status === 'not-run' && c.group === 'duplicates' && c.code === 'CLOS7222' && /logged 'A nexthop fdb cannot be dynamic' \d+ times/.test(c.message ?? '') && /\+\d+ duplicates/.test(c.detail ?? '');
}

/**
 * Runs `leaf`'s interfaces.sh again on the running lab, between two snapshots of what the script
 * manages: links, addresses and the kernel's own routes, and whatever `extra` (shell commands)
 * prints. Routes zebra installs from BGP keep changing on their own (CI saw a host route arrive
 * between the two snapshots), so they are left out, one line per route (-o: ECMP next hops
 * included). The two snapshots are equal when the script changed nothing.
 */
export async function rerunInterfacesSh(lab: string, leaf: string, extra = ''): Promise<ClosRun & { readonly before: string; readonly after: string | undefined }> {
  const script = join(stateRoot, lab, 'build', leaf, 'interfaces.sh');
  const snapshot = `ip -d -o link show | sed -E 's/_timer +[0-9.]+//g; s/ state [A-Z]+ / /'; ip -o addr show; ip -o route show table all | grep -v ' proto bgp '${extra === '' ? '' : `; ${extra}`}`;
  const withoutVrf = labState(lab).plan.dataPlane.vrf ? 0 : 1;
  const r = await clos('lab', 'exec', '--name', lab, leaf, '--', 'sh', '-c', `${snapshot}; echo ====; CLOS_WITHOUT_VRF=${withoutVrf} sh ${script} && ${snapshot}`);
  const [before = '', after] = r.out.split('====\n');
  return { ...r, before, after };
}

/** Namespaces, FRR directories, state and processes (QEMU included) of a lab still on the host. */
export async function leftovers(lab: string): Promise<string[]> {
  const found: string[] = [];
  const ns = await runProcess('ip', ['netns', 'list']);
  for (const line of ns.stdout.split('\n')) if (line.startsWith(labPrefix(lab))) found.push(`namespace ${line}`);
  for (const dir of ['/etc/frr', '/var/run/frr']) {
    if (existsSync(dir)) for (const name of readdirSync(dir)) if (name.startsWith(labPrefix(lab))) found.push(join(dir, name));
  }
  if (existsSync(join(stateRoot, lab))) found.push(join(stateRoot, lab));
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(labPrefix(lab)) || cmdline.includes(`${join(stateRoot, lab)}/vm/`)) found.push(`process ${pid}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Running: exists and is not a zombie (an exited daemon waits for PID 1 to reap it). */
export function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Whether pids run where the lab runs: here, or in its VM (asked through `clos lab exec`). */
export async function labPidsRunning(lab: string, node: string, pids: readonly number[]): Promise<boolean[]> {
  if (!inVm(lab)) return pids.map(running);
  const r = await clos('lab', 'exec', '--name', lab, node, '--', 'sh', '-c', pids.map((p) => `if kill -0 ${p} 2>/dev/null; then echo up; else echo down; fi`).join('; '));
  return r.out.trim().split('\n').map((l) => l === 'up');
}

/**
 * Whether this run's FRR is one chosen with CLOS_LAB_FRR (CI's second lab step, FRR 10.3). Tests
 * of what FRR plays no part in (interfaces.sh run again, the lab's own bookkeeping of a failure
 * made by hand) run on the system's FRR and are skipped on such a run, as vitest reports, the way
 * CI's second step leaves out the rollout and the fallbacks.
 */
export const chosenFrr = (process.env['CLOS_LAB_FRR'] ?? '') !== '';

/** The version of the lab's FRR (`8.4.4`; CLOS_LAB_FRR's, else the system's), from zebra. */
export function frrVersion(): string {
  const frr = labFrr();
  const out = spawnSync(...frrCommand(frr, join(frr.daemonDir, 'zebra'), ['--version']), { encoding: 'utf8' }).stdout;
  return frrVersionOf(out) ?? 'unknown';
}

/**
 * Defects of FRR 8.4 the lab finds, not clos's configuration, each seen by hand in the VM or in CI:
 * - zebra drops remote leaves' router MACs when a route's best path changes (`show evpn rmac`
 *   loses the VTEPs, the neighbour entry on the L3VNI bridge goes) while the routes through them
 *   stay installed, and it stays so for minutes: after a spine or leaf failure, after a restore.
 *   Traced in zebra's and bgpd's debug logs: bgpd withdraws the VRF route and installs it again,
 *   and zebra 8.4.0 to 8.4.4 removes the router MAC after the install added it
 *   (FRRouting/frr#12391, fixed by frr#12524 in 8.4.5 and 9.0.1; Debian 12 ships 8.4.4). FRR 10.3
 *   and 10.7.1 (through CLOS_LAB_FRR) pass the quickstart's test with nothing excused (README, Lab);
 * - the same bookkeeping can leave a VRF route over EVPN with no next-hop entry at all (the lab's
 *   CLOS7139, seen on border leaves), which can keep a scenario from converging (CLOS7114);
 * - the upstream kernel refuses the ARP entries the leaves of an Ethernet segment sync over EVPN
 *   (frr#15253), so a leaf may not resolve a dual-homed host it did not hear itself, and then
 *   announces no route for it, so other leaves route to the host over it without its router MAC
 *   (the lab reports those probes not run, CLOS7211, with the evidence: see routedNotRun).
 * The lab reports the routing probes these break as FAILED, with its diagnosis. On FRR 8.4 the
 * tests accept, as known: routing failures (CLOS7108) diagnosed as zebra's router-MAC defect
 * anywhere (not a segment leaf's missing router MAC without the refusal logged), and
 * any routing failure in a fabric that has had a failure (a failure scenario, or after a restore);
 * in a scenario where the lab found a lost EVPN next hop, CLOS7139 itself, the probes it annotates
 * as explained by it, and that scenario's convergence timeout. Never a failure of any other kind,
 * and none at all on other FRR versions. `checks` are one scenario's.
 */
export function unexpectedFailures(checks: readonly LabCheck[], frr: string, afterFailure = false): LabCheck[] {
  const failed = checks.filter((c) => c.status === 'failed');
  if (!frr.startsWith('8.4.')) return failed;
  const lost = failed.some((c) => c.code === 'CLOS7139');
  const message = (c: LabCheck): string => c.message ?? '';
  const routerMac = (c: LabCheck): boolean => c.group === 'routing' && c.code === 'CLOS7108' && (afterFailure || message(c).includes(zebraRouterMacDefect));
  const nextHopLost = (c: LabCheck): boolean => lost && (c.code === 'CLOS7139' || c.code === 'CLOS7114' || message(c).includes('(CLOS7139)'));
  return failed.filter((c) => !routerMac(c) && !nextHopLost(c));
}

/**
 * FRR's own `frr-reload.py` for the lab's FRR (Debian's frr-pythontools): the system's
 * `/usr/lib/frr/frr-reload.py`, or the one `lab/frr-unpack.sh` unpacks under CLOS_LAB_FRR's root.
 */
export function frrReloadScript(): string {
  return join(labFrr().root, 'usr/lib/frr/frr-reload.py');
}

/**
 * A directory holding `vtysh` that runs the lab's vtysh: frr-reload.py's `--bindir` (it runs
 * `<bindir>/vtysh`). The system's when the lab runs it; else a scratch directory with a script
 * that runs the unpacked vtysh through the root's own loader.
 */
export function vtyshBindir(): string {
  const frr = labFrr();
  if (frr.root === '/') return '/usr/bin';
  const dir = join(tempDir('clos-vtysh-'), 'bin');
  mkdirSync(dir, { recursive: true });
  const [file, args] = vtyshCommand([], frr);
  writeFileSync(join(dir, 'vtysh'), `#!/bin/sh\nexec ${[file, ...args].map((a) => `'${a}'`).join(' ')} "$@"\n`, { mode: 0o755 });
  return dir;
}

/** The lines `frr-reload.py --test` would delete and add: its two sections, without their titles. */
function reloadDelta(out: string): { delete: string[]; add: string[] } {
  const lines = out.split('\n').map((l) => l.trimEnd());
  const section = (title: string): string[] => {
    const at = lines.indexOf(title);
    if (at < 0) return [];
    const rest = lines.slice(at + 2);
    const end = rest.findIndex((l) => l.startsWith('Lines To '));
    return (end < 0 ? rest : rest.slice(0, end)).filter((l) => l.trim() !== '');
  };
  expect(lines, out).toContain('Lines To Delete');
  return { delete: section('Lines To Delete'), add: section('Lines To Add') };
}

/**
 * What `frr-reload.py --test` of `conf` (by default the file the device's FRR started with) finds
 * to change on a device of a running lab, leaving out what it always lists there: the lab's
 * hostname (its namespaces share the VM's, so FRR shows that one) and the file's `hostname`,
 * `frr version` and `service integrated-vtysh-config` lines. Empty when FRR runs exactly what the
 * file says, as FRR itself shows it.
 */
export async function frrReloadLeft(lab: string, device: string, bindir: string, conf?: string): Promise<{ delete: string[]; add: string[] }> {
  const pathspace = labState(lab).plan.devices.find((d) => d.name === device)?.namespace ?? '';
  expect(pathspace, `${device} in lab ${lab}`).not.toBe('');
  // By default the file the device's FRR started with: the lab's copy (lab/frr-daemons.ts), with
  // the BFD timers it raises in a VM without KVM.
  const file = conf ?? join(frrConfRoot, pathspace, 'frr.conf');
  const test = await clos('lab', 'exec', '--name', lab, device, '--', 'python3', frrReloadScript(), '--test', '--bindir', bindir, '--pathspace', pathspace, file);
  expect(test.code, `${device}: ${test.err}`).toBe(0);
  return reloadLeft(test.out, device);
}

/** frrReloadLeft's reading of `frr-reload.py --test` output on a lab device. */
export function reloadLeft(out: string, device: string): { delete: string[]; add: string[] } {
  const left = reloadDelta(out);
  return {
    delete: withoutFrrOwn(left.delete).filter((l) => !l.startsWith('no hostname ')),
    add: left.add.filter((l) => !/^(frr version \S+|service integrated-vtysh-config)$/.test(l) && l !== `hostname ${device}`),
  };
}

/**
 * What FRR shows of itself whatever the file says, as frr-reload.py lists it to delete (README,
 * "Rolling out a change"): bgpd 10.7.1 starts every instance with use-underlays-nexthop-weight on
 * and shows it, and FRR 8.4 and 10.3 do not know the command. Left out with the `router bgp` and
 * `exit` lines around it when nothing else is listed between them.
 */
function withoutFrrOwn(lines: readonly string[]): string[] {
  const kept = lines.filter((l) => l !== ' no use-underlays-nexthop-weight');
  const emptyAt = new Set<number>();
  kept.forEach((l, i) => {
    if (l.startsWith('router bgp ') && kept[i + 1] === 'exit') emptyAt.add(i).add(i + 1);
  });
  return kept.filter((_, i) => !emptyAt.has(i));
}

/**
 * The shape of each line of an frr.conf, in its context: descriptions and the names after `vrf`,
 * `interface`, `neighbor`, `peer-group`, `route-map`, `prefix-list` and `profile` become `*`,
 * numbers and addresses `#`, and an indented line is prefixed with the shape of the block it is
 * in (`router bgp # vrf *` and `router bgp #` are two contexts); each block's shape as a whole is
 * one more. Comments are left out.
 */
export function frrConfShapes(text: string): Set<string> {
  const shapes = new Set<string>();
  let block: string[] = [];
  const close = (): void => {
    // A block as a whole too: how FRR shows one line may depend on another of the block (VRF
    // instances show `activate` only beside `no bgp default ipv4-unicast`).
    if (block.length > 1) shapes.add(block.join('\n'));
    block = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line === '' || line.trimStart().startsWith('!')) continue;
    const shape = line
      .replace(/ description .*/, ' description *')
      .replace(/\b(vrf|interface|neighbor|peer-group|route-map|prefix-list|profile) \S+/g, '$1 *')
      .replace(/\d+/g, '#');
    if (!line.startsWith(' ')) close();
    block.push(shape);
    shapes.add(line.startsWith(' ') ? `${block[0] ?? ''}\u0000${shape}` : shape);
  }
  close();
  return shapes;
}

/**
 * Devices whose frr.conf files hold together every line shape any device's holds (frrConfShapes):
 * each time the device with most shapes not yet held (by name on a tie), until none is left.
 */
export function devicesCoveringShapes(files: ReadonlyMap<string, string>): string[] {
  const left = new Map([...files].map(([device, text]) => [device, frrConfShapes(text)]));
  const chosen: string[] = [];
  for (;;) {
    let best: { device: string; shapes: Set<string> } | undefined;
    for (const [device, shapes] of [...left].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (shapes.size > 0 && (best === undefined || shapes.size > best.shapes.size)) best = { device, shapes };
    }
    if (best === undefined) return chosen.sort();
    chosen.push(best.device);
    const taken = best.shapes;
    for (const [device, shapes] of left) left.set(device, new Set([...shapes].filter((x) => !taken.has(x))));
  }
}

/**
 * Devices of a running lab whose FRR does not run their frr.conf as written, with what
 * `frr-reload.py --test` of the file it started with finds to change (frrReloadLeft), four at a
 * time. frr-reload.py compares line by line: a device is asked when its file holds a line shape
 * (frrConfShapes) no device asked before holds, so every kind of line of every device is checked
 * somewhere, at a fraction of the time in the VM (dc1: 9 of 24 devices). `checked` says which.
 */
export async function frrReloadChanges(lab: string): Promise<{ checked: string[]; changes: { device: string; delete: string[]; add: string[] }[] }> {
  const bindir = vtyshBindir();
  expect(existsSync(frrReloadScript()), `${frrReloadScript()}: Debian's frr-pythontools (lab/frr-unpack.sh unpacks it for CLOS_LAB_FRR)`).toBe(true);
  const build = join(stateRoot, lab, 'build');
  const files = new Map(labState(lab).plan.devices.map((d) => [d.name, readFileSync(join(build, d.name, 'frr.conf'), 'utf8')] as const));
  const checked = devicesCoveringShapes(files);
  const left = await mapLimit(checked, 4, async (device) => ({ device, ...(await frrReloadLeft(lab, device, bindir)) }));
  return { checked, changes: left.filter((l) => l.delete.length + l.add.length > 0) };
}

/**
 * frrReloadChanges of a running lab, held to nothing left to change and to every device role
 * among the devices asked; the devices asked, for a test's own assertions.
 */
export async function expectFrrRunsItsFiles(lab: string): Promise<string[]> {
  const { checked, changes } = await frrReloadChanges(lab);
  expect(changes).toEqual([]);
  const devices = labState(lab).plan.devices;
  const roleOf = new Map(devices.map((d) => [d.name, d.role]));
  expect(new Set(checked.map((c) => roleOf.get(c))), checked.join(' ')).toEqual(new Set(devices.map((d) => d.role)));
  return checked;
}
