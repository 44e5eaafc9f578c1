/**
 * `clos lab up|test|fail|restore|down`: boots the compiled FRR configs in network namespaces and
 * tests the fabric for real. Thin: argument handling and printing; the lab itself is in lab/.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createDiagnostic, hasErrors, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { LabDiagnostics as L } from '../../compiler/diagnostics/catalogue/index.js';
import { checkBuild, isBuildDir, readBuildDir, type LabBuild } from '../../lab/build-input.js';
import { createStore, defaultJobs, type LabContext } from '../../lab/context.js';
import { labDown, listNamespaces } from '../../lab/down.js';
import { runProcess } from '../../lab/exec.js';
import { preflight } from '../../lab/preflight.js';
import { selectLabFrr, selectRecordedFrr } from '../../lab/frr-install.js';
import { defaultStateRoot, isValidLabName, labOfNamespace } from '../../lab/names.js';
import { labUp } from '../../lab/up.js';
import type { LabPlan } from '../../lab/plan.js';
import { planExternalRouters } from '../../lab/stand-ins.js';
import { changeFailures } from '../../lab/failures.js';
import { formatReport, type ReportFormat } from '../../lab/report.js';
import type { LabState } from '../../lab/state.js';
import { labTest } from '../../lab/test.js';
import { allPairsBudget } from '../../lab/checks/data-plane.js';
import { kernelNeighbourTable } from '../../lab/neighbours.js';
import { emulatedPingTimings } from '../../lab/ping.js';
import { emulatedBfdFloor } from '../../lab/frr-conf.js';
import { describeFailures } from '../../lab/topology.js';
import type { SelectedCommand } from '../command.js';
import { renderInMemory } from '../../compiler/compile-in-memory.js';
import { compileIntentOnDisk } from '../compile-intent.js';
import { refuseRegion } from '../region-on-disk.js';
import type { Io } from '../io.js';
import { chooseUpRuntime, downInVm, execInVm, forwardToVm, guestTestArgv, guestUpArgv, insideVm, labInVm, stopEarlierVm, upInVm } from './lab-vm.js';
import { netnsExec, nodeCommand } from '../../lab/node-exec.js';
import { printDiagnostics } from '../report-diagnostics.js';

const noSources = { root: undefined, sources: new Map<string, string>() };

function labContext(io: Io, jobs: number | undefined): LabContext {
  const started = Date.now();
  let lastCounter = '';
  return {
    run: runProcess,
    neighbours: kernelNeighbourTable(),
    store: createStore(io.env['CLOS_LAB_STATE_DIR'] ?? defaultStateRoot),
    jobs: jobs ?? defaultJobs(),
    now: () => Date.now(),
    // Set by the lab VM's agent when the guest runs without KVM.
    ...(io.env['CLOS_LAB_VM_ACCEL'] === 'tcg' && insideVm(io) ? { pingTimings: emulatedPingTimings } : {}),
    progress: (line) => {
      const stamp = `[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s]`;
      const counter = /^(.*?)(\d+)\/(\d+)$/.exec(line);
      if (io.stderr.isTTY) {
        if (counter !== null) {
          io.stderr.write(`\r\u001b[K${stamp} ${line}`);
          lastCounter = counter[2] === counter[3] ? '' : line;
          if (lastCounter === '') io.stderr.write('\n');
          return;
        }
        if (lastCounter !== '') io.stderr.write('\n');
        lastCounter = '';
        io.stderr.write(`${stamp} ${line}\n`);
        return;
      }
      // Not a terminal (CI logs): counters only when a phase completes.
      if (counter !== null && counter[2] !== counter[3]) return;
      io.stderr.write(`${stamp} ${line}\n`);
    },
  };
}

function fail(io: Io, diagnostics: readonly Diagnostic[]): number {
  printDiagnostics(io, diagnostics, noSources, false);
  return hasErrors(diagnostics) ? 1 : 0;
}

async function runUp(io: Io, input: string, opts: UpFlags): Promise<number> {
  selectLabFrr(io.env, io.cwd);
  refuseRegion(io, input, 'lab up');
  const problems = await preflight(runProcess, { root: true, ping: false });
  if (problems.length > 0) return fail(io, problems);
  const absolute = resolve(io.cwd, input);
  let build: LabBuild;
  // Warnings of the compile are printed where the lab runs: here, or by the same command in the VM.
  let warnings: () => void = () => undefined;
  if (isBuildDir(absolute)) {
    const read = readBuildDir(absolute, input);
    if ('diagnostics' in read) return fail(io, read.diagnostics);
    build = read.build;
  } else {
    const compiled = compileIntentOnDisk(io, input, { platform: 'frr', json: false });
    if (typeof compiled === 'number') return compiled;
    if (compiled.diagnostics.length > 0) warnings = () => { printDiagnostics(io, compiled.diagnostics, compiled.context, false); };
    const output = renderInMemory(compiled);
    const checked = checkBuild(output.manifest, new Map(output.files.map((f) => [f.path, f.content])), input);
    if ('diagnostics' in checked) {
      warnings();
      return fail(io, checked.diagnostics);
    }
    build = checked.build;
  }
  const lab = opts.name ?? build.manifest.fabric;
  if (!isValidLabName(lab)) return fail(io, [createDiagnostic(L.invalidLabName, {}, lab)]);
  const ctx = labContext(io, opts.jobs);
  const where = await chooseUpRuntime(io, ctx, lab, opts.vm);
  if ('diagnostic' in where) {
    warnings();
    return fail(io, [where.diagnostic]);
  }
  if (where.runtime === 'vm') {
    const servers = new Set(build.models.flatMap((m) => m.interfaces.servers.map((p) => p.server))).size;
    // Stand-in routers outside the fabric run FRR like a device and take the VM's memory like one.
    const devices = build.models.length + planExternalRouters(build.models).length;
    const r = await upInVm(io, ctx, where, { lab, devices, servers, argv: guestUpArgv(input, opts) });
    return typeof r === 'number' ? r : fail(io, [r.diagnostic]);
  }
  warnings();
  if (!insideVm(io)) await stopEarlierVm(ctx, lab);
  const t = ctx.now();
  const result = await labUp(ctx, build, {
    lab,
    source: input,
    withoutVrf: opts.withoutVrf === true,
    vethTrunks: opts.vethTrunks === true,
    ...(where.probe === undefined ? {} : { probe: where.probe }),
    ...(io.env['CLOS_LAB_VM_ACCEL'] === 'tcg' && insideVm(io) ? { bfdFloor: emulatedBfdFloor } : {}),
  });
  if (result.diagnostics.length > 0) printDiagnostics(io, result.diagnostics, noSources, false);
  if (result.state === undefined) return 1;
  const s = result.state;
  io.stdout.write(
    `lab ${lab} is up in ${((ctx.now() - t) / 1000).toFixed(1)} s: ${s.plan.devices.length} devices, ${s.plan.hosts.length} servers${standIns(s.plan)} in namespaces clos-${lab}_*\n` +
      `next: clos lab test${opts.name === undefined ? '' : ` --name ${lab}`}\n`,
  );
  return 0;
}

/** `, 1 router outside the fabric, 2 servers speaking BGP`, or nothing. */
function standIns(plan: LabPlan): string {
  const routers = plan.externalRouters.length;
  const speakers = plan.hostAgents.length;
  const parts: string[] = [];
  if (routers > 0) parts.push(`${routers} router${routers === 1 ? '' : 's'} outside the fabric`);
  if (speakers > 0) parts.push(`${speakers} server${speakers === 1 ? '' : 's'} speaking BGP`);
  return parts.map((p) => `, ${p}`).join('');
}

/** The exit status of a command passed to the lab's VM. */
function forwarded(io: Io, result: number | { diagnostic: Diagnostic }): number {
  return typeof result === 'number' ? result : fail(io, [result.diagnostic]);
}

/** The lab a command acts on: --name, or the only one running. */
function chooseLab(ctx: LabContext, name: string | undefined): { lab: string } | { diagnostic: Diagnostic } {
  if (name !== undefined) {
    if (!isValidLabName(name)) return { diagnostic: createDiagnostic(L.invalidLabName, {}, name) };
    return { lab: name };
  }
  const labs = ctx.store.list();
  if (labs.length === 1 && labs[0] !== undefined) return { lab: labs[0] };
  if (labs.length === 0) return { diagnostic: createDiagnostic(L.noLab, {}, '') };
  return { diagnostic: createDiagnostic(L.severalLabs, {}, labs.join(', ')) };
}

async function runDown(io: Io, opts: { name?: string; all?: boolean }): Promise<number> {
  selectLabFrr(io.env, io.cwd);
  const problems = await preflight(runProcess, { root: true, ping: false, frr: false });
  if (problems.length > 0) return fail(io, problems);
  const ctx = labContext(io, undefined);
  let labs: string[];
  if (opts.name !== undefined) {
    if (!isValidLabName(opts.name)) return fail(io, [createDiagnostic(L.invalidLabName, {}, opts.name)]);
    labs = [opts.name];
  } else {
    // Labs with state, and labs a crash left only namespaces of.
    const fromNamespaces = (await listNamespaces(ctx)).map(labOfNamespace).filter((l): l is string => l !== undefined);
    labs = [...new Set([...ctx.store.list(), ...fromNamespaces])].sort();
    if (labs.length > 1 && opts.all !== true) return fail(io, [createDiagnostic(L.severalLabs, {}, `${labs.join(', ')}; or --all`)]);
  }
  if (labs.length === 0) {
    io.stdout.write('no lab is running; nothing to remove\n');
    return 0;
  }
  const diagnostics: Diagnostic[] = [];
  let code = 0;
  for (const lab of labs) {
    if (!insideVm(io) && labInVm(ctx, lab)) {
      const r = await downInVm(io, ctx, lab);
      diagnostics.push(...r.diagnostics);
      code = Math.max(code, r.code);
      continue;
    }
    const t = ctx.now();
    // The host stops this VM next: nothing needs a clean exit (lab-vm.ts downInVm).
    const report = await labDown(ctx, lab, { quiet: true, discard: insideVm(io) && io.env['CLOS_LAB_VM_DISCARD'] === '1' });
    for (const p of report.problems) diagnostics.push(createDiagnostic(L.cleanupProblem, {}, `part of lab ${lab}`, p));
    io.stdout.write(`lab ${lab} is down (${report.processes} processes stopped, ${report.namespaces} namespaces removed) in ${((ctx.now() - t) / 1000).toFixed(1)} s\n`);
  }
  if (diagnostics.length > 0) printDiagnostics(io, diagnostics, noSources, false);
  return diagnostics.some((d) => d.severity === 'error') ? Math.max(code, 1) : code;
}

type ReadState = ReturnType<LabContext['store']['read']>;

/**
 * A chosen lab's state as read once (`read`, or read here), or the exit status after its
 * diagnostic. Every command on a lab talks to the FRR it was started with.
 */
function loadState(io: Io, ctx: LabContext, lab: string, read: ReadState = ctx.store.read(lab)): LabState | number {
  if (read === undefined) return fail(io, [createDiagnostic(L.noLab, {}, ` named '${lab}'`)]);
  if ('error' in read) return fail(io, [createDiagnostic(L.stateInvalid, {}, ctx.store.dir(lab), read.error)]);
  if (read.state.status !== 'up') return fail(io, [createDiagnostic(L.noLab, {}, ` named '${lab}' (it did not finish starting)`)]);
  selectRecordedFrr(read.state.frr);
  return read.state;
}

interface TestFlags {
  name?: string;
  format: ReportFormat;
  output?: string;
  timeout: number;
  failures?: boolean;
  allPairs?: boolean;
  jobs?: number;
}

async function runTest(io: Io, opts: TestFlags): Promise<number> {
  selectLabFrr(io.env, io.cwd);
  const ctx = labContext(io, opts.jobs);
  const chosen = chooseLab(ctx, opts.name);
  // state.json, read once: the FRR checked is the one the lab runs (a lab on an unpacked FRR needs no system FRR).
  const read = 'diagnostic' in chosen ? undefined : ctx.store.read(chosen.lab);
  if (read !== undefined && 'state' in read) selectRecordedFrr(read.state.frr);
  const problems = await preflight(runProcess, { root: true, ping: true });
  if (problems.length > 0) return fail(io, problems);
  if ('diagnostic' in chosen) return fail(io, [chosen.diagnostic]);
  if (!insideVm(io) && labInVm(ctx, chosen.lab)) return forwarded(io, await forwardToVm(io, ctx, chosen.lab, guestTestArgv(opts)));
  const state = loadState(io, ctx, chosen.lab, read);
  if (typeof state === 'number') return state;
  const report = await labTest(ctx, state, { timeoutSeconds: opts.timeout, failures: opts.failures === true, allPairs: opts.allPairs === true });
  const text = formatReport(report, opts.format);
  if (opts.output === undefined) io.stdout.write(text);
  else {
    (io.writeFile ?? writeFileSync)(resolve(io.cwd, opts.output), text);
    io.stdout.write(formatReport(report, 'text'));
  }
  return report.summary.failed > 0 ? 1 : 0;
}

async function runFailOrRestore(io: Io, action: 'fail' | 'restore', target: string | undefined, opts: { name?: string }): Promise<number> {
  selectLabFrr(io.env, io.cwd);
  const problems = await preflight(runProcess, { root: true, ping: false, frr: false });
  if (problems.length > 0) return fail(io, problems);
  const ctx = labContext(io, undefined);
  const chosen = chooseLab(ctx, opts.name);
  if ('diagnostic' in chosen) return fail(io, [chosen.diagnostic]);
  if (!insideVm(io) && labInVm(ctx, chosen.lab)) {
    return forwarded(io, await forwardToVm(io, ctx, chosen.lab, ['lab', action, ...(target === undefined ? [] : [target]), ...(opts.name === undefined ? [] : ['--name', opts.name])]));
  }
  const state = loadState(io, ctx, chosen.lab);
  if (typeof state === 'number') return state;
  const result = await changeFailures(ctx, state, action, target);
  if (result.diagnostics.length > 0) printDiagnostics(io, result.diagnostics, noSources, false);
  if (result.failures === undefined) return 1;
  io.stdout.write(`lab ${state.lab}: down now: ${describeFailures(result.failures)}\n`);
  return 0;
}

async function runExec(io: Io, node: string, command: readonly string[], opts: { name?: string }): Promise<number> {
  selectLabFrr(io.env, io.cwd);
  const problems = await preflight(runProcess, { root: true, ping: false, frr: false });
  if (problems.length > 0) return fail(io, problems);
  const ctx = labContext(io, undefined);
  const chosen = chooseLab(ctx, opts.name);
  if ('diagnostic' in chosen) return fail(io, [chosen.diagnostic]);
  const state = loadState(io, ctx, chosen.lab);
  if (typeof state === 'number') return state;
  const resolved = nodeCommand(state, node, command, io.env['SHELL'] ?? '/bin/sh');
  if ('diagnostic' in resolved) return fail(io, [resolved.diagnostic]);
  const argv = netnsExec(resolved);
  if (!insideVm(io) && labInVm(ctx, chosen.lab)) return forwarded(io, await execInVm(io, ctx, chosen.lab, argv));
  return runAttached(io, argv);
}

/**
 * A program with the terminal: the process's own streams when the CLI runs as a process (an
 * interactive vtysh works), pipes into the Io otherwise. Its exit status, or 128 + the signal.
 */
function runAttached(io: Io, argv: readonly string[]): Promise<number> {
  const [program = 'true', ...args] = argv;
  const inherit = io.stdin !== undefined;
  return new Promise((resolvePromise) => {
    const child = spawn(program, args, { stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      io.stdout.write(d);
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      io.stderr.write(d);
    });
    child.on('error', (e) => {
      io.stderr.write(`clos: ${program}: ${e.message}\n`);
      resolvePromise(127);
    });
    child.on('close', (code, signal) => {
      resolvePromise(code ?? 128 + (signal === null ? 0 : osConstants.signals[signal]));
    });
  });
}

interface UpFlags {
  name?: string;
  jobs?: number;
  withoutVrf?: boolean;
  vethTrunks?: boolean;
  /** --vm (true), --no-vm (false), neither (undefined: the VM when this kernel lacks what the fabric needs). */
  vm?: boolean;
}

const parseJobs = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError(`--jobs must be an integer from 1 to 64, got '${v}'`);
  return n;
};

const parseSeconds = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new InvalidArgumentError(`--timeout must be a number of seconds from 1 to 3600, got '${v}'`);
  return n;
};

const nameOption = (): Option => new Option('--name <lab>', 'the lab to act on (default: the only lab running)');

export function registerLab(program: Command, selected: SelectedCommand): void {
  const lab = program
    .command('lab')
    // `lab exec` passes options after the node to the command: clos's own come first.
    .enablePositionalOptions()
    .description('boot the compiled FRR configs in network namespaces and test the fabric for real (root, FRR)');
  lab
    .command('up')
    .description('boot a fabric: one namespace per device and server, veth links, interfaces.sh, zebra/bgpd/bfdd')
    .argument('<intent|build-dir>', 'an intent (compiled for FRR) or a directory written by clos compile')
    .option('--name <lab>', 'lab name, prefixing every namespace (default: the fabric name)')
    .option('--jobs <n>', 'how many programs to run at once', parseJobs)
    .option('--without-vrf', 'run as if the kernel had no VRF devices (CLOS_WITHOUT_VRF=1)')
    .option('--veth-trunks', 'emulate tagged VLANs with one veth pair each even if the kernel has 802.1Q')
    .option('--vm', "boot the lab in a VM with a distribution kernel (QEMU), even if this kernel has what the fabric needs")
    .option('--no-vm', 'run the lab on this kernel, with fallbacks for what it lacks, even if a VM could boot')
    .action((input: string, opts: UpFlags) => {
      selected.action = (io) => runUp(io, input, opts);
    });
  lab
    .command('test')
    .description('wait for convergence, then check sessions, VTEP routes, VNIs, reachability and isolation for real')
    .addOption(nameOption())
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'junit']).default('text'))
    .option('--output <file>', 'write the report to a file (and a text summary to stdout)')
    .option('--timeout <seconds>', 'how long to wait for convergence, per scenario', parseSeconds, 180)
    .option('--failures', 'also run the reachability checks with each leaf of a dual-homed server, then each spine, down in turn')
    .option('--all-pairs', `ping every pair of leaves of every network (default: all up to ${allPairsBudget} pairs, then a ring and a star per network)`)
    .option('--jobs <n>', 'how many programs to run at once', parseJobs)
    .action((opts: TestFlags) => {
      selected.action = (io) => runTest(io, opts);
    });
  lab
    .command('fail')
    .description('take a spine (all its links), a leaf of a dual-homed server (all its links, or every uplink) or one leaf-spine link down')
    .argument('<target>', 'a spine, a leaf of a dual-homed server, every uplink of one (<leaf>:uplinks), or a link: <device>:<interface> or <leaf>:<spine>')
    .addOption(nameOption())
    .action((target: string, opts: { name?: string }) => {
      selected.action = (io) => runFailOrRestore(io, 'fail', target, opts);
    });
  lab
    .command('restore')
    .description('bring a failed spine, leaf or link back (everything, without a target)')
    .argument('[target]', 'a spine, a leaf, a leaf\'s uplinks (<leaf>:uplinks), or a link: <device>:<interface> or <leaf>:<spine>')
    .addOption(nameOption())
    .action((target: string | undefined, opts: { name?: string }) => {
      selected.action = (io) => runFailOrRestore(io, 'restore', target, opts);
    });
  lab
    .command('exec')
    .description('run a command in a device or server of the lab: a shell without one, its FRR with vtysh (options for clos go before <node>)')
    .argument('<node>', 'a device or server of the lab')
    .argument('[command...]', "the command and its arguments, e.g. 'vtysh -c \"show bgp summary\"' or '-- ip route'")
    .addOption(nameOption())
    .passThroughOptions()
    .action((node: string, command: string[], opts: { name?: string }) => {
      selected.action = (io) => runExec(io, node, command, opts);
    });
  lab
    .command('down')
    .description('stop every daemon and remove every namespace and file of a lab; safe to run twice')
    .addOption(nameOption())
    .option('--all', 'every lab, including ones only namespaces are left of')
    .action((opts: { name?: string; all?: boolean }) => {
      selected.action = (io) => runDown(io, opts);
    });
}

