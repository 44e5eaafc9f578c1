/**
 * `clos lab` on the lab's VM: booting it for `up`, passing every other command to the agent in it
 * (which runs the same `clos lab …` inside, on the guest's kernel), stopping it for `down`.
 * Standard output, standard error and exit status are the guest command's own, so a lab reads
 * the same whichever kernel it runs on; the host adds progress lines about the VM on stderr.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createDiagnostic, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { LabDiagnostics as L } from '../../compiler/diagnostics/catalogue/index.js';
import type { LabContext } from '../../lab/context.js';
import { labDown } from '../../lab/down.js';
import { runProcess } from '../../lab/exec.js';
import { probeKernel, missingFeatures, type KernelProbe } from '../../lab/kernel.js';
import { labPrefix } from '../../lab/names.js';
import { callAgent, type AgentOutcome } from '../../lab/vm/agent-client.js';
import type { AgentRequest } from '../../lab/vm/agent-protocol.js';
import { watchConsole, type ConsoleWatch } from '../../lab/vm/console-watch.js';
import { bootVm, consoleLogOf, endpointOf, readVmRecord, staleAgentBuild, stopVm, vmDir, vmPrerequisites, vmRunning, type VmRecord } from '../../lab/vm/machine.js';
import { chooseRuntime } from '../../lab/vm/runtime-choice.js';
import { codeIdentity } from '../build-record.js';
import type { Io } from '../io.js';

/** Set by the agent for the commands it runs: they run on the guest's kernel, never in a VM of their own. */
export function insideVm(io: Io): boolean {
  return io.env['CLOS_LAB_IN_VM'] === '1';
}

export type UpRuntime = { readonly runtime: 'host'; readonly probe?: KernelProbe } | { readonly runtime: 'vm'; readonly prereq: Exclude<ReturnType<typeof vmPrerequisites>, { missing: readonly string[] }> };

/** Where `lab up` runs: the host's kernel when it has everything (or --no-vm), else the VM if it can boot. */
export async function chooseUpRuntime(io: Io, ctx: LabContext, lab: string, flag: boolean | undefined): Promise<UpRuntime | { diagnostic: Diagnostic }> {
  if (insideVm(io) || flag === false) return { runtime: 'host' };
  let probe: KernelProbe | undefined;
  let missing: string[] = [];
  if (flag === undefined) {
    probe = await probeKernel(ctx.run, `${labPrefix(lab)}_probe`);
    missing = missingFeatures(probe.detail);
    if (missing.length === 0) return { runtime: 'host', probe };
  }
  const prereq = vmPrerequisites(io.env);
  const choice = chooseRuntime({ flag, missingFeatures: missing, vmMissing: 'missing' in prereq ? prereq.missing : [] });
  if (choice.runtime === 'unavailable') return { diagnostic: createDiagnostic(L.vmUnavailable, {}, choice.missing) };
  if (choice.note !== undefined) ctx.progress(`lab ${lab}: ${choice.note}`);
  if (choice.runtime === 'vm' && !('missing' in prereq)) return { runtime: 'vm', prereq };
  return probe === undefined ? { runtime: 'host' } : { runtime: 'host', probe };
}

/** True when the lab runs in a VM (its directory holds vm/, even of a VM that stopped). */
export function labInVm(ctx: LabContext, lab: string): boolean {
  return existsSync(vmDir(ctx.store.dir(lab)));
}

/** Stops the VM an earlier `up` of this lab left, if any: `up` starts afresh wherever it runs. */
export async function stopEarlierVm(ctx: LabContext, lab: string): Promise<void> {
  if (!labInVm(ctx, lab)) return;
  ctx.progress(`lab ${lab}: stopping the VM an earlier run left`);
  await stopVm(ctx.store.dir(lab));
}

export interface VmUp {
  readonly lab: string;
  readonly devices: number;
  readonly servers: number;
  /** `lab up …` as the guest runs it. */
  readonly argv: readonly string[];
}

export async function upInVm(io: Io, ctx: LabContext, prereq: UpRuntime & { runtime: 'vm' }, up: VmUp): Promise<number | { diagnostic: Diagnostic }> {
  // Whatever an earlier run of the lab left, in a VM or here.
  await stopEarlierVm(ctx, up.lab);
  await labDown(ctx, up.lab, { quiet: true });
  const labDir = ctx.store.dir(up.lab);
  mkdirSync(labDir, { recursive: true });
  const booted = await bootVm(runProcess, prereq.prereq, {
    lab: up.lab,
    stateRoot: ctx.store.root,
    labDir,
    devices: up.devices,
    servers: up.servers,
    env: io.env,
    progress: ctx.progress,
    timeoutSeconds: 600,
    build: codeIdentity(),
  });
  if ('problem' in booted) return { diagnostic: createDiagnostic(L.vmBootFailed, {}, up.lab, booted.problem) };
  return forward(io, labDir, up.lab, booted.record, up.argv);
}

/** `lab up` as the VM's agent runs it: what the user gave, less --vm. */
export function guestUpArgv(input: string, opts: { name?: string; jobs?: number; withoutVrf?: boolean; vethTrunks?: boolean }): string[] {
  return [
    'lab',
    'up',
    input,
    ...(opts.name === undefined ? [] : ['--name', opts.name]),
    ...(opts.jobs === undefined ? [] : ['--jobs', String(opts.jobs)]),
    ...(opts.withoutVrf === true ? ['--without-vrf'] : []),
    ...(opts.vethTrunks === true ? ['--veth-trunks'] : []),
  ];
}

/** `lab test` as the VM's agent runs it. */
export function guestTestArgv(opts: {
  name?: string;
  format: string;
  output?: string;
  timeout: number;
  failures?: boolean;
  allPairs?: boolean;
  jobs?: number;
}): string[] {
  return [
    'lab',
    'test',
    ...(opts.name === undefined ? [] : ['--name', opts.name]),
    '--format',
    opts.format,
    ...(opts.output === undefined ? [] : ['--output', opts.output]),
    '--timeout',
    String(opts.timeout),
    ...(opts.failures === true ? ['--failures'] : []),
    ...(opts.allPairs === true ? ['--all-pairs'] : []),
    ...(opts.jobs === undefined ? [] : ['--jobs', String(opts.jobs)]),
  ];
}

/** Runs `clos <argv>` in the lab's VM: the guest's output and exit status. */
export async function forwardToVm(io: Io, ctx: LabContext, lab: string, argv: readonly string[]): Promise<number | { diagnostic: Diagnostic }> {
  const dir = ctx.store.dir(lab);
  const record = readVmRecord(dir);
  if (record === undefined || !vmRunning(dir, record)) return { diagnostic: createDiagnostic(L.vmNotRunning, {}, lab) };
  const stale = staleAgentBuild(record, codeIdentity());
  if (stale !== undefined) return { diagnostic: createDiagnostic(L.vmStaleBuild, {}, lab, stale, codeIdentity() ?? '') };
  return forward(io, dir, lab, record, argv);
}

/** Copies the kernel trouble the guest's console gains to `write`, one line each, until stopped. */
function watchTrouble(labDir: string, lab: string, write: (text: string) => void): ConsoleWatch {
  return watchConsole(consoleLogOf(labDir), (line) => { write(`lab ${lab}: the VM's kernel: ${line}\n`); });
}

interface ForwardOptions {
  readonly env?: Readonly<Record<string, string>>;
  /** Give the request up after this long (callAgent). */
  readonly timeoutMs?: number;
  /** The caller stops the VM whatever the outcome: a lost request says so, not how to stop it. */
  readonly stoppedAfter?: boolean;
}

/**
 * One request to the agent; while it runs, the kernel trouble the guest's console reports
 * (lab/vm/console-watch.ts) goes to standard error, after what the guest itself wrote there.
 */
async function forward(io: Io, labDir: string, lab: string, record: VmRecord, argv: readonly string[], o: ForwardOptions = {}): Promise<number | { diagnostic: Diagnostic }> {
  const out = new StringDecoder('utf8');
  const err = new StringDecoder('utf8');
  const req = request(io, 'clos', argv);
  const watch = watchTrouble(labDir, lab, (text) => { io.stderr.write(text); });
  const outcome = await callAgent(endpointOf(record), { ...req, env: { ...req.env, ...o.env, CLOS_LAB_VM_ACCEL: record.accel } }, {
    stdout: { write: (d) => { io.stdout.write(typeof d === 'string' ? d : out.write(d)); } },
    stderr: { write: (d) => { io.stderr.write(typeof d === 'string' ? d : err.write(d)); } },
    writeFile: io.writeFile ?? ((path, text) => { writeFileSync(path, text); }),
  }, o.timeoutMs);
  watch.stop();
  return exitOf(lab, argv, outcome, o.stoppedAfter === true);
}

function exitOf(lab: string, argv: readonly string[], outcome: AgentOutcome, stoppedAfter: boolean): number | { diagnostic: Diagnostic } {
  if ('code' in outcome) return outcome.code;
  return { diagnostic: createDiagnostic(L.vmLost, {}, lab, `'clos ${argv.join(' ')}': ${outcome.lost}`, stoppedAfter) };
}

/** What the guest is told about the host's terminal and environment. */
function request(io: Io, kind: AgentRequest['kind'], argv: readonly string[]): Omit<AgentRequest, 'token'> {
  const env: Record<string, string> = {};
  for (const k of ['NO_COLOR', 'CLOS_DEBUG', 'TERM', 'CLOS_LAB_FRR']) {
    const v = io.env[k];
    if (v !== undefined) env[k] = v;
  }
  return { kind, argv: [...argv], cwd: io.cwd, env, stdoutTTY: io.stdout.isTTY, stderrTTY: io.stderr.isTTY };
}

/** How long the guest may take to take its lab down (a few seconds for the quickstart). */
export const downTimeoutMs = 120_000;

/** `lab down` of a lab in a VM: the guest takes the lab down (its usual report), then the VM stops. */
export async function downInVm(io: Io, ctx: LabContext, lab: string): Promise<{ code: number; diagnostics: Diagnostic[] }> {
  const dir = ctx.store.dir(lab);
  const record = readVmRecord(dir);
  const diagnostics: Diagnostic[] = [];
  let code = 0;
  const t = ctx.now();
  if (record !== undefined && vmRunning(dir, record)) {
    // A guest that stopped answering must not keep its lab up: after downTimeoutMs the VM is
    // stopped all the same, and the lost request reported (CLOS7020).
    const r = await forward(io, dir, lab, record, ['lab', 'down', '--name', lab], { env: { CLOS_LAB_VM_DISCARD: '1' }, timeoutMs: downTimeoutMs, stoppedAfter: true });
    if (typeof r === 'number') code = r;
    else diagnostics.push(r.diagnostic);
  } else {
    io.stdout.write(`lab ${lab} is down (0 processes stopped, 0 namespaces removed) in ${((ctx.now() - t) / 1000).toFixed(1)} s\n`);
  }
  await stopVm(dir);
  ctx.store.remove(lab);
  ctx.store.removeRootIfEmpty();
  ctx.progress(`lab ${lab}: VM stopped`);
  return { code, diagnostics };
}

/** `lab exec` in the VM: the program runs in the guest, with the host's terminal when it has one. */
export async function execInVm(io: Io, ctx: LabContext, lab: string, argv: readonly string[]): Promise<number | { diagnostic: Diagnostic }> {
  const dir = ctx.store.dir(lab);
  const record = readVmRecord(dir);
  if (record === undefined || !vmRunning(dir, record)) return { diagnostic: createDiagnostic(L.vmNotRunning, {}, lab) };
  const stdin = io.stdin?.();
  const terminal = stdin?.isTTY === true && io.stdout.isTTY;
  const base = request(io, 'spawn', argv);
  const req: Omit<AgentRequest, 'token'> = {
    ...base,
    ...(stdin === undefined ? {} : { stdin: true }),
    ...(terminal ? { terminal: { rows: process.stdout.rows, columns: process.stdout.columns } } : {}),
  };
  if (terminal) stdin.setRawMode(true);
  // Ctrl-C goes to the guest's program while it runs; the handler leaves with it.
  let onSigint: (() => void) | undefined;
  const forwardSignal = (send: (m: { signal: 'SIGINT' }) => void): void => {
    if (terminal || onSigint !== undefined) return;
    onSigint = () => { send({ signal: 'SIGINT' }); };
    process.on('SIGINT', onSigint);
  };
  // The process's own streams take raw bytes; an Io of a test takes text.
  const out = new StringDecoder('utf8');
  const err = new StringDecoder('utf8');
  const real = stdin !== undefined;
  // An interactive terminal shows the guest's console itself; a command's stderr gets its trouble.
  const watch = terminal ? undefined : watchTrouble(dir, lab, (text) => { (real ? process.stderr : io.stderr).write(text); });
  try {
    const outcome = await callAgent(endpointOf(record), req, {
      stdout: {
        write: (d) => {
          if (real) process.stdout.write(d);
          else io.stdout.write(typeof d === 'string' ? d : out.write(d));
        },
      },
      stderr: {
        write: (d) => {
          if (real) process.stderr.write(d);
          else io.stderr.write(typeof d === 'string' ? d : err.write(d));
        },
      },
      writeFile: () => undefined,
      ...(stdin === undefined ? {} : { stdin }),
      onControl: forwardSignal,
    });
    return exitOf(lab, argv, outcome, false);
  } finally {
    watch?.stop();
    if (onSigint !== undefined) process.off('SIGINT', onSigint);
    if (terminal) stdin.setRawMode(false);
    stdin?.pause();
  }
}
