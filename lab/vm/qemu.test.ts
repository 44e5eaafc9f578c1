import { describe, expect, it } from 'vitest';
import { chooseAccelerator, forwardedPort, guestSize, qemuArgs, qemuValue, type QemuOptions } from './qemu.js';

const options: QemuOptions = {
  name: 'clos-lab-q',
  accel: 'tcg',
  size: { memoryMb: 704, cpus: 2 },
  kernel: '/run/clos-lab/q/vm/vmlinux',
  initramfs: '/run/clos-lab/q/vm/initramfs.cpio',
  append: 'console=ttyS0 quiet panic=-1',
  stateDir: '/run/clos-lab/q',
  consoleLog: '/run/clos-lab/q/vm/console.log',
  monitorSocket: '/run/clos-lab/q/vm/monitor.sock',
  pidFile: '/run/clos-lab/q/vm/qemu.pid',
};

describe('the QEMU command line', () => {
  it('boots the kernel with the initramfs, shares the host root read-only and the state writable, and forwards a port to the agent', () => {
    expect(qemuArgs(options)).toEqual([
      '-name', 'clos-lab-q',
      '-machine', 'pc',
      '-accel', 'tcg,thread=multi,tb-size=512', '-cpu', 'max',
      '-smp', '2', '-m', '704M',
      '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
      '-serial', 'file:/run/clos-lab/q/vm/console.log',
      '-monitor', 'unix:/run/clos-lab/q/vm/monitor.sock,server=on,wait=off',
      '-pidfile', '/run/clos-lab/q/vm/qemu.pid',
      '-daemonize',
      '-kernel', '/run/clos-lab/q/vm/vmlinux',
      '-initrd', '/run/clos-lab/q/vm/initramfs.cpio',
      '-append', 'console=ttyS0 quiet panic=-1',
      '-fsdev', 'local,id=root,path=/,security_model=passthrough,readonly=on,multidevs=remap',
      '-device', 'virtio-9p-pci,fsdev=root,mount_tag=hostroot',
      '-fsdev', 'local,id=usr,path=/usr,security_model=passthrough,readonly=on,multidevs=remap',
      '-device', 'virtio-9p-pci,fsdev=usr,mount_tag=hostusr',
      '-fsdev', 'local,id=state,path=/run/clos-lab/q,security_model=passthrough,multidevs=remap',
      '-device', 'virtio-9p-pci,fsdev=state,mount_tag=labstate',
      '-netdev', 'user,id=agent,restrict=on,hostfwd=tcp:127.0.0.1:0-10.0.2.15:7000',
      '-device', 'virtio-net-pci,netdev=agent',
      '-device', 'virtio-rng-pci',
    ]);
  });

  it('uses the host CPU with KVM', () => {
    const args = qemuArgs({ ...options, accel: 'kvm' });
    expect(args.slice(4, 8)).toEqual(['-accel', 'kvm', '-cpu', 'host']);
  });

  it('doubles commas inside option values', () => {
    expect(qemuValue('/tmp/a,b')).toBe('/tmp/a,,b');
    expect(qemuArgs({ ...options, stateDir: '/tmp/a,b' })).toContain('local,id=state,path=/tmp/a,,b,security_model=passthrough,multidevs=remap');
  });

  it('reads the forwarded port from the monitor', () => {
    const info = 'Hub -1 (agent):\n  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\n  TCP[HOST_FORWARD]  11       127.0.0.1 35757       10.0.2.15  7000     0     0\n(qemu) ';
    expect(forwardedPort(info)).toBe(35757);
    expect(forwardedPort('Hub -1 (agent):\n')).toBeUndefined();
  });
});

describe('the accelerator', () => {
  const facts = { devKvm: true, hostModules: new Set(['kvm', 'kvm_intel']) };
  it('takes KVM from kvm_intel or kvm_amd, never from a paravirtual KVM a stock kernel cannot run on', () => {
    expect(chooseAccelerator(facts).accel).toBe('kvm');
    expect(chooseAccelerator({ ...facts, hostModules: new Set(['kvm_amd']) }).accel).toBe('kvm');
    expect(chooseAccelerator({ ...facts, hostModules: new Set(['kvm_pvm', 'kvm_intel']) })).toEqual({ accel: 'tcg', why: '/dev/kvm is a paravirtual KVM (kvm_pvm) that a stock kernel cannot run on' });
    expect(chooseAccelerator({ devKvm: false, hostModules: new Set() }).accel).toBe('tcg');
    expect(chooseAccelerator({ ...facts, forced: 'tcg' }).accel).toBe('tcg');
    expect(chooseAccelerator({ devKvm: false, hostModules: new Set(), forced: 'kvm' }).accel).toBe('kvm');
  });
});

describe('the guest size', () => {
  it('grows with the fabric, in 64 MB steps, on at most 8 CPUs', () => {
    expect(guestSize(6, 6, 2)).toEqual({ memoryMb: 704, cpus: 2 });
    expect(guestSize(20, 40, 2).memoryMb).toBeGreaterThan(guestSize(6, 6, 2).memoryMb);
    expect(guestSize(20, 40, 64).cpus).toBe(8);
    expect(guestSize(1, 0, 1).memoryMb % 64).toBe(0);
  });
});
