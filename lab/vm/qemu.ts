/**
 * QEMU for the lab's VM: the accelerator, the guest's size and the command line. Pure.
 *
 * KVM where a stock kernel can use it; otherwise TCG (QEMU's own translator, one host thread per
 * virtual CPU). Some hosts expose /dev/kvm from a paravirtual KVM (`kvm_pvm`) that only a
 * specially built guest can run on: a stock kernel fails or dies in emulation errors there, so
 * /dev/kvm alone does not mean KVM works.
 */
import { agentPort, guestAddress, rootTag, stateTag, usrTag } from './guest-image.js';

export type Accelerator = 'kvm' | 'tcg';

export interface AcceleratorFacts {
  /** /dev/kvm exists and can be opened read-write. */
  readonly devKvm: boolean;
  /** Loaded kernel modules of the host (/proc/modules names). */
  readonly hostModules: ReadonlySet<string>;
  /** CLOS_LAB_VM_ACCEL, when set. */
  readonly forced?: string;
}

/** KVM when /dev/kvm works and comes from kvm_intel or kvm_amd (a full virtual machine monitor). */
export function chooseAccelerator(facts: AcceleratorFacts): { accel: Accelerator; why: string } {
  if (facts.forced === 'kvm' || facts.forced === 'tcg') return { accel: facts.forced, why: `CLOS_LAB_VM_ACCEL=${facts.forced}` };
  if (!facts.devKvm) return { accel: 'tcg', why: '/dev/kvm is not available' };
  if (facts.hostModules.has('kvm_pvm')) return { accel: 'tcg', why: '/dev/kvm is a paravirtual KVM (kvm_pvm) that a stock kernel cannot run on' };
  if (facts.hostModules.has('kvm_intel') || facts.hostModules.has('kvm_amd')) return { accel: 'kvm', why: 'KVM' };
  return { accel: 'tcg', why: '/dev/kvm is not backed by kvm_intel or kvm_amd' };
}

export interface GuestSize {
  readonly memoryMb: number;
  readonly cpus: number;
}

/**
 * Memory for the fabric, not a fixed size: the guest's kernel, tmpfs and the agent, then FRR per
 * device (zebra, bgpd and bfdd, ~30 MB together under load) and each namespace's share of kernel
 * memory and pings. Measured in the guest: see the README's Lab section.
 */
export function guestSize(devices: number, servers: number, hostCpus: number): GuestSize {
  const mb = 384 + 48 * devices + 4 * servers;
  return { memoryMb: Math.ceil(mb / 64) * 64, cpus: Math.max(1, Math.min(hostCpus, 8)) };
}

export interface QemuOptions {
  readonly name: string;
  readonly accel: Accelerator;
  readonly size: GuestSize;
  /** The uncompressed vmlinux (PVH boot), or the bzImage if none could be cut out. */
  readonly kernel: string;
  readonly initramfs: string;
  readonly append: string;
  /** Host directory shared writable with the guest (the lab's state directory). */
  readonly stateDir: string;
  readonly consoleLog: string;
  readonly monitorSocket: string;
  readonly pidFile: string;
}

/** A value inside a QEMU option list, where a comma must be doubled. */
export function qemuValue(s: string): string {
  return s.replace(/,/g, ',,');
}

export function qemuArgs(o: QemuOptions): string[] {
  return [
    '-name', qemuValue(o.name),
    '-machine', 'pc',
    ...(o.accel === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg,thread=multi,tb-size=512', '-cpu', 'max']),
    '-smp', String(o.size.cpus),
    '-m', `${o.size.memoryMb}M`,
    '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
    '-serial', `file:${qemuValue(o.consoleLog)}`,
    '-monitor', `unix:${qemuValue(o.monitorSocket)},server=on,wait=off`,
    '-pidfile', o.pidFile,
    '-daemonize',
    '-kernel', o.kernel,
    '-initrd', o.initramfs,
    '-append', o.append,
    '-fsdev', `local,id=root,path=/,security_model=passthrough,readonly=on,multidevs=remap`,
    '-device', `virtio-9p-pci,fsdev=root,mount_tag=${rootTag}`,
    '-fsdev', `local,id=usr,path=/usr,security_model=passthrough,readonly=on,multidevs=remap`,
    '-device', `virtio-9p-pci,fsdev=usr,mount_tag=${usrTag}`,
    '-fsdev', `local,id=state,path=${qemuValue(o.stateDir)},security_model=passthrough,multidevs=remap`,
    '-device', `virtio-9p-pci,fsdev=state,mount_tag=${stateTag}`,
    // The agent's channel: a loopback port of the host (chosen by the kernel; read back with
    // 'info usernet') forwarded to the guest. restrict=on: the guest reaches nothing outside.
    '-netdev', `user,id=agent,restrict=on,hostfwd=tcp:127.0.0.1:0-${guestAddress}:${agentPort}`,
    '-device', 'virtio-net-pci,netdev=agent',
    '-device', 'virtio-rng-pci',
  ];
}

/** The host port QEMU forwards to the agent, from the monitor's `info usernet`. */
export function forwardedPort(infoUsernet: string): number | undefined {
  // TCP[HOST_FORWARD]  13  127.0.0.1 40123  10.0.2.15  7000  0  0
  for (const line of infoUsernet.split('\n')) {
    const m = /HOST_FORWARD\]\s+\d+\s+127\.0\.0\.1\s+(\d+)\s+(\S+)\s+(\d+)/.exec(line);
    if (m !== null && m[2] === guestAddress && Number(m[3]) === agentPort) {
      const port = Number(m[1]);
      if (port > 0) return port;
    }
  }
  return undefined;
}
