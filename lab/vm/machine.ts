/**
 * The lab's VM as a machine: booting it (kernel, initramfs, QEMU daemonized, the agent's port),
 * finding it again from its record, and stopping it. Its files live in the lab's state directory,
 * `<state>/<lab>/vm/` (the record vm.json, the console log, QEMU's monitor socket and pid file,
 * the kernel and initramfs it booted), so `clos lab down` removes them with the lab.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailure, sleep, type Runner } from '../exec.js';
import { callAgent, type AgentEndpoint } from './agent-client.js';
import { buildInitramfs, kernelCommandLine, type GuestConfig } from './guest-image.js';
import { extractVmlinux, findBusybox, findGuestKernel, findProgram, readBootModules, type GuestKernel } from './guest-kernel.js';
import { chooseAccelerator, forwardedPort, guestSize, qemuArgs, type Accelerator, type GuestSize } from './qemu.js';

export const vmRecordSchema = 'clos.lab-vm/1' as const;

export interface VmRecord {
  readonly schema: typeof vmRecordSchema;
  readonly lab: string;
  readonly pid: number;
  readonly port: number;
  readonly token: string;
  readonly accel: Accelerator;
  readonly kernel: string;
  readonly memoryMb: number;
  readonly cpus: number;
  /**
   * The identity of the clos that booted the VM (BootOptions.build): its agent loaded that code
   * then and keeps it. Absent when clos did not run from its bundle, and in records of older clos.
   */
  readonly build?: string;
}

export const qemuProgram = 'qemu-system-x86_64';

export function vmDir(labDir: string): string {
  return join(labDir, 'vm');
}

/** The guest's serial console, as QEMU writes it (lab/vm/console-watch.ts reads it). */
export function consoleLogOf(labDir: string): string {
  return join(vmDir(labDir), 'console.log');
}

export function recordFile(labDir: string): string {
  return join(vmDir(labDir), 'vm.json');
}

export function readVmRecord(labDir: string): VmRecord | undefined {
  try {
    const value = JSON.parse(readFileSync(recordFile(labDir), 'utf8')) as Partial<VmRecord>;
    return value.schema === vmRecordSchema ? (value as VmRecord) : undefined;
  } catch {
    return undefined;
  }
}

export function endpointOf(record: VmRecord): AgentEndpoint {
  return { port: record.port, token: record.token };
}

/** Everything the VM needs from the host, or what is missing (with how to install it). */
export interface VmPrerequisites {
  readonly qemu: string;
  readonly kernel: GuestKernel;
  readonly busybox: Buffer;
}

export function vmPrerequisites(env: Readonly<Record<string, string | undefined>>): VmPrerequisites | { readonly missing: readonly string[] } {
  const missing: string[] = [];
  const qemu = findProgram(qemuProgram);
  if (qemu === undefined) missing.push(`${qemuProgram} (apt-get install --no-install-recommends qemu-system-x86)`);
  const kernel = findGuestKernel(env['CLOS_LAB_VM_KERNEL']);
  if ('problem' in kernel) missing.push(kernel.problem);
  const busybox = findBusybox(env['CLOS_LAB_VM_BUSYBOX']);
  if ('problem' in busybox) missing.push(busybox.problem);
  if (qemu === undefined || 'problem' in kernel || 'problem' in busybox) return { missing };
  return { qemu, kernel, busybox: busybox.data };
}

export interface BootOptions {
  readonly lab: string;
  readonly stateRoot: string;
  /** The lab's state directory, shared with the guest. */
  readonly labDir: string;
  readonly devices: number;
  readonly servers: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly progress: (line: string) => void;
  /** Seconds to wait for the agent. */
  readonly timeoutSeconds: number;
  /** The running clos's identity (cli/build-record.ts codeIdentity), recorded as VmRecord.build. */
  readonly build: string | undefined;
}

/**
 * The identity of the code the VM's agent runs when it is not `current`'s: the build was replaced
 * (`npm run build`, another install) since `lab up`, so what the agent runs (checks, probes) is not
 * what this clos would run. Undefined when they match or either is not known.
 */
export function staleAgentBuild(record: VmRecord, current: string | undefined): string | undefined {
  return record.build !== undefined && current !== undefined && record.build !== current ? record.build : undefined;
}

/**
 * The agent's script: beside this module when clos runs from dist/, the bundle's agent launcher
 * beside the bundle when clos runs bundled (cli/bundle.ts; an installed package has only that),
 * else (tests run the sources) the built one in the package's dist/, which `npm run build` writes.
 */
export function agentScriptPath(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'guest-agent.js'), join(here, 'clos-guest-agent.cjs'), join(here, '..', '..', 'dist', 'lab', 'vm', 'guest-agent.js')];
  return candidates.find((c) => existsSync(c));
}

function hostModules(): Set<string> {
  try {
    return new Set(readFileSync('/proc/modules', 'utf8').split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n !== ''));
  } catch {
    return new Set();
  }
}

function devKvmUsable(): boolean {
  try {
    closeSync(openSync('/dev/kvm', constants.O_RDWR));
    return true;
  } catch {
    return false;
  }
}

export type BootResult = { readonly record: VmRecord } | { readonly problem: string };

/**
 * Boots the VM and waits until its agent answers. With KVM chosen and failing, boots again with
 * TCG. The record is written as soon as QEMU runs, so `down` can stop a VM that never answered.
 */
export async function bootVm(run: Runner, prereq: VmPrerequisites, o: BootOptions): Promise<BootResult> {
  const dir = vmDir(o.labDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(o.labDir, 0o755);

  const kernelFile = join(dir, 'vmlinux');
  const t0 = Date.now();
  const kernel = extractVmlinux(prereq.kernel.image, kernelFile) ? kernelFile : prereq.kernel.image;
  const modules = readBootModules(prereq.kernel);
  const agent = agentScriptPath();
  if (agent === undefined) return { problem: "the agent's script dist/lab/vm/guest-agent.js is missing (npm run build)" };
  const token = randomBytes(24).toString('hex');
  const config: GuestConfig = {
    lab: o.lab,
    stateRoot: o.stateRoot,
    token,
    node: process.execPath,
    agentScript: agent,
    bootModules: modules.order,
    neighbourTable: 16384,
  };
  const initramfs = join(dir, 'initramfs.cpio');
  writeFileSync(initramfs, buildInitramfs(config, prereq.busybox, modules.files), { mode: 0o600 });
  o.progress(`lab ${o.lab}: VM image ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (kernel ${prereq.kernel.version}${kernel === kernelFile ? ', vmlinux' : ', bzImage'})`);

  const size = guestSize(o.devices, o.servers, availableParallelism());
  const choice = chooseAccelerator({ devKvm: existsSync('/dev/kvm') && devKvmUsable(), hostModules: hostModules(), ...(o.env['CLOS_LAB_VM_ACCEL'] === undefined ? {} : { forced: o.env['CLOS_LAB_VM_ACCEL'] }) });
  // With KVM the guest answers within seconds; a KVM that cannot run it gets two minutes, not the whole wait.
  const kvmSeconds = Math.min(o.timeoutSeconds, 120);
  const first = await bootOnce(run, prereq, o, { dir, kernel, initramfs, size, accel: choice.accel, token, why: choice.why, timeoutSeconds: choice.accel === 'kvm' ? kvmSeconds : o.timeoutSeconds });
  if ('record' in first || choice.accel === 'tcg' || o.env['CLOS_LAB_VM_ACCEL'] === 'kvm') return first;
  o.progress(`lab ${o.lab}: the VM did not start with KVM (${first.problem}); booting it with TCG`);
  return bootOnce(run, prereq, o, { dir, kernel, initramfs, size, accel: 'tcg', token, why: 'KVM failed', timeoutSeconds: o.timeoutSeconds });
}

interface BootPlan {
  readonly dir: string;
  readonly kernel: string;
  readonly initramfs: string;
  readonly size: GuestSize;
  readonly accel: Accelerator;
  readonly token: string;
  readonly why: string;
  readonly timeoutSeconds: number;
}

async function bootOnce(run: Runner, prereq: VmPrerequisites, o: BootOptions, p: BootPlan): Promise<BootResult> {
  const consoleLog = consoleLogOf(o.labDir);
  const monitorSocket = join(p.dir, 'monitor.sock');
  const pidFile = join(p.dir, 'qemu.pid');
  for (const f of [consoleLog, monitorSocket, pidFile]) rmSync(f, { force: true });
  const args = qemuArgs({ name: `clos-lab-${o.lab}`, accel: p.accel, size: p.size, kernel: p.kernel, initramfs: p.initramfs, append: kernelCommandLine(), stateDir: o.labDir, consoleLog, monitorSocket, pidFile });
  o.progress(`lab ${o.lab}: booting the VM (${p.accel === 'kvm' ? 'KVM' : `TCG: ${p.why}`}, ${p.size.cpus} CPUs, ${p.size.memoryMb} MB)`);
  const t0 = Date.now();
  const started = await run(prereq.qemu, args, { timeoutMs: 60_000 });
  if (started.code !== 0) return { problem: describeFailure(prereq.qemu, started) };
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return { problem: `QEMU wrote no pid to ${pidFile}` };
  let port: number | undefined;
  try {
    port = forwardedPort(await monitorCommand(monitorSocket, 'info usernet'));
  } catch (e) {
    await stopQemu(pid, pidFile, monitorSocket);
    return { problem: `QEMU's monitor: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (port === undefined) {
    await stopQemu(pid, pidFile, monitorSocket);
    return { problem: "QEMU's monitor shows no forwarded port for the agent" };
  }
  const record: VmRecord = { schema: vmRecordSchema, lab: o.lab, pid, port, token: p.token, accel: p.accel, kernel: prereq.kernel.version, memoryMb: p.size.memoryMb, cpus: p.size.cpus, ...(o.build === undefined ? {} : { build: o.build }) };
  writeRecord(o.labDir, record);

  const deadline = t0 + p.timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (!isOurQemu(pid, pidFile)) return { problem: `the VM stopped while booting${consoleTail(consoleLog)}` };
    if (agentFailed(consoleLog)) {
      await stopQemu(pid, pidFile, monitorSocket);
      return { problem: `the agent in the VM exited${consoleTail(consoleLog)}` };
    }
    const answer = await callAgent(endpointOf(record), { kind: 'ping', argv: [], cwd: '/', env: {}, stdoutTTY: false, stderrTTY: false }, quietStreams);
    if ('code' in answer && answer.code === 0) {
      o.progress(`lab ${o.lab}: VM up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return { record };
    }
    await sleep(500);
  }
  await stopQemu(pid, pidFile, monitorSocket);
  return { problem: `the VM's agent did not answer within ${p.timeoutSeconds} s${consoleTail(consoleLog)}` };
}

const quietStreams = { stdout: { write: () => undefined }, stderr: { write: () => undefined }, writeFile: () => undefined };

function writeRecord(labDir: string, record: VmRecord): void {
  const file = recordFile(labDir);
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** True once the guest's console says the agent exited (init restarts it, but it will fail again). */
function agentFailed(consoleLog: string): boolean {
  try {
    return readFileSync(consoleLog, 'utf8').includes('clos-vm: agent exited');
  } catch {
    return false;
  }
}

/** The last lines the guest printed, for messages about a boot that failed. */
export function consoleTail(consoleLog: string): string {
  try {
    const lines = readFileSync(consoleLog, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
    return lines.length === 0 ? '' : `; the guest's console ends: ${lines.slice(-4).join(' | ')}`;
  } catch {
    return '';
  }
}

/** One HMP command on QEMU's monitor socket; its answer, without the terminal's escape codes. */
export function monitorCommand(socketPath: string, command: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect(socketPath);
    let buffer = '';
    let sent = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to '${command}' within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      buffer += d;
      if (!buffer.includes('(qemu)')) return;
      if (!sent) {
        sent = true;
        buffer = '';
        socket.write(`${command}\n`);
        if (command === 'quit') {
          clearTimeout(timer);
          resolvePromise('');
        }
        return;
      }
      clearTimeout(timer);
      socket.end();
       
      resolvePromise(buffer.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, ''));
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      if (command === 'quit' && sent) resolvePromise('');
      else reject(e);
    });
  });
}

/** True when pid is the QEMU this VM's record describes (pids are reused; never kill a stranger). */
export function isOurQemu(pid: number, pidFile: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return false;
    const at = argv.indexOf('-pidfile');
    return at >= 0 && argv[at + 1] === pidFile;
  } catch {
    return false;
  }
}

/** `quit` on the monitor, then SIGTERM, then SIGKILL: the guest's state is in memory only. */
async function stopQemu(pid: number, pidFile: string, monitorSocket: string): Promise<boolean> {
  if (!isOurQemu(pid, pidFile)) return false;
  try {
    await monitorCommand(monitorSocket, 'quit', 3000);
  } catch {
    // the monitor is gone; signals below
  }
  for (const signal of [undefined, 'SIGTERM', 'SIGKILL'] as const) {
    if (signal !== undefined && isOurQemu(pid, pidFile)) {
      try {
        process.kill(pid, signal);
      } catch {
        // exited meanwhile
      }
    }
    for (let i = 0; i < 50 && isOurQemu(pid, pidFile); i++) await sleep(100);
    if (!isOurQemu(pid, pidFile)) return true;
  }
  return !isOurQemu(pid, pidFile);
}

/** Stops the lab's VM, if it runs, and removes its files. Returns whether a VM was running. */
export async function stopVm(labDir: string): Promise<boolean> {
  const record = readVmRecord(labDir);
  const dir = vmDir(labDir);
  let stopped = false;
  if (record !== undefined) stopped = await stopQemu(record.pid, join(dir, 'qemu.pid'), join(dir, 'monitor.sock'));
  rmSync(dir, { recursive: true, force: true });
  return stopped;
}

/** True when the lab's VM runs. */
export function vmRunning(labDir: string, record: VmRecord): boolean {
  return isOurQemu(record.pid, join(vmDir(labDir), 'qemu.pid'));
}
