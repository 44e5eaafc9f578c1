/**
 * What the lab's VM boots: a tiny initramfs (static busybox, the modules that reach the host's
 * root, and the scripts below) and the kernel command line. No disk image: the guest mounts the
 * host's `/` read-only over virtio-9p with a tmpfs overlay on top, so node, FRR, iproute2 and
 * this repository are the host's own; the lab's state directory is shared writable at the same
 * path, so state, build and logs land where the host looks for them.
 *
 * Boot: the kernel runs /init from the initramfs (stage 1: modules, 9p, overlay, switch_root),
 * then busybox init in the new root runs setup.sh (stage 2: /proc, /sys, /run, the lab's kernel
 * modules, the agent's network, the state share) and keeps the agent running (respawned if it
 * dies). busybox init is PID 1 so the FRR daemons, which daemonize, are reaped when they exit.
 * Pure: the caller reads busybox and the modules.
 */
import { directoryMode, fileMode, writeCpio, type CpioEntry } from './cpio.js';

/** Modules stage 1 loads (with their dependencies) to mount the host's root. */
export const bootModules = ['virtio_pci', '9pnet_virtio', '9p', 'overlay'] as const;

/**
 * Modules the lab needs in the guest: VRFs, 802.1Q, bonds, bridges, VXLAN, veth, dummy
 * devices, and the virtio NIC the agent listens on. Loaded by stage 2 from the host's
 * /lib/modules/<version> with modprobe.
 */
export const labModules = ['vrf', '8021q', 'bonding', 'bridge', 'vxlan', 'veth', 'dummy', 'virtio_net'] as const;

/** The guest's side of QEMU's user-mode network: its address and the agent's port. */
export const guestAddress = '10.0.2.15';
export const agentPort = 7000;

/** Mount tags of the two 9p shares. */
export const rootTag = 'hostroot';
export const usrTag = 'hostusr';
export const stateTag = 'labstate';

export interface GuestConfig {
  readonly lab: string;
  /** The state root (CLOS_LAB_STATE_DIR), the same path in host and guest. */
  readonly stateRoot: string;
  /** The secret the agent requires in every request. */
  readonly token: string;
  /** node and the agent's script, host paths the guest sees through the 9p root. */
  readonly node: string;
  readonly agentScript: string;
  /** Modules to load in stage 1, dependencies first (names, files under lib/modules/ of the initramfs). */
  readonly bootModules: readonly string[];
  /** ARP table size of the guest's kernel, shared by every namespace of the lab. */
  readonly neighbourTable: number;
}

/** The config file the agent reads at start. */
export interface AgentConfig {
  readonly lab: string;
  readonly stateRoot: string;
  readonly token: string;
  readonly address: string;
  readonly port: number;
}

/** The path the scripts are copied to in the guest's overlay, outside anything the host has. */
export const guestDir = '/.clos-vm';

/** The argument of a single-quoted shell word. */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Stage 1, /init of the initramfs, run by busybox sh. */
export function stage1Script(config: GuestConfig): string {
  return `#!/bin/busybox sh
# clos lab VM, stage 1: mount the host's root read-only with a tmpfs overlay, then switch to it.
B=/bin/busybox
fail() { $B echo "clos-vm: stage 1: $*" >/dev/console; $B sync; $B poweroff -f; }
$B mount -t proc proc /proc
$B mount -t sysfs sysfs /sys
$B mount -t devtmpfs devtmpfs /dev
for m in ${config.bootModules.join(' ')}; do
  $B insmod /lib/modules/$m.ko || fail "insmod $m"
done
$B mkdir -p /lower /upper /newroot
# The host's root uncached, so a file the host changes reads changed here too; its /usr (programs,
# libraries, kernel modules) with cache=loose: read once, then served from the guest's page cache
# (a process start under TCG is several times faster).
$B mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000 ${rootTag} /lower || fail "mount the host's root (9p)"
$B mount -t tmpfs -o mode=0755 tmpfs /upper
$B mkdir -p /upper/data /upper/work
$B mount -t overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work overlay /newroot || fail 'mount the overlay'
$B mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose ${usrTag} /newroot/usr || fail "mount the host's /usr (9p)"
$B mkdir -p /newroot${guestDir} /newroot/etc
$B cp /bin/busybox /clos-vm/* /newroot${guestDir}/ || fail 'copy the guest scripts'
$B cp /clos-vm/inittab /newroot/etc/inittab || fail 'write /etc/inittab'
$B echo "clos-vm: stage 1 done at $($B cut -d' ' -f1 /proc/uptime) s"
$B mount --move /dev /newroot/dev
$B umount /proc /sys
exec $B switch_root /newroot ${guestDir}/busybox init
`;
}

/** Stage 2, run once by busybox init in the new root. */
export function setupScript(config: GuestConfig): string {
  const labDir = `${config.stateRoot.replace(/\/+$/, '')}/${config.lab}`;
  return `#!${guestDir}/busybox sh
# clos lab VM, stage 2: what the lab needs from the guest's kernel, the agent's network, the state share.
B=${guestDir}/busybox
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
fail() { $B echo "clos-vm: stage 2: $*"; $B sync; $B poweroff -f; }
$B mount -t proc proc /proc
$B mount -t sysfs sysfs /sys
$B mkdir -p /dev/pts /dev/shm
$B mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
$B mount -t tmpfs -o mode=1777 tmpfs /dev/shm
# A fresh /run: the host's holds its own network namespaces and FRR sockets. /tmp stays the
# host's (seen through the overlay, writes kept in the guest), so intents under /tmp boot too.
$B mount -t tmpfs -o mode=0755 tmpfs /run
$B hostname ${q(`clos-${config.lab}`)}
modprobe -a ${labModules.join(' ')} || fail 'load the lab modules'
ip link set dev lo up && ip link set dev eth0 up && ip addr add ${guestAddress}/24 dev eth0 || fail "configure the agent's network"
sysctl -q -w net.ipv4.neigh.default.gc_thresh1=${Math.floor(config.neighbourTable / 4)} net.ipv4.neigh.default.gc_thresh2=${Math.floor(config.neighbourTable / 2)} net.ipv4.neigh.default.gc_thresh3=${config.neighbourTable}
$B mkdir -p ${q(config.stateRoot)}
$B mount -t tmpfs -o mode=0755 tmpfs ${q(config.stateRoot)}
$B mkdir -p ${q(labDir)}
$B mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 ${stateTag} ${q(labDir)} || fail 'mount the state share (9p)'
$B echo "clos-vm: stage 2 done at $($B cut -d' ' -f1 /proc/uptime) s"
`;
}

/** The agent, kept running by init. */
export function agentScript(config: GuestConfig): string {
  return `#!${guestDir}/busybox sh
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
cd /
# --jitless: under TCG, code V8 writes at run time must be translated again and again; interpreted
# JavaScript loads the CLI's modules faster, and the agent mostly waits for programs anyway.
${q(config.node)} --jitless ${q(config.agentScript)} ${guestDir}/agent.json 2>&1
echo "clos-vm: agent exited with status $?"
`;
}

export function inittab(): string {
  return `# clos lab VM: busybox init runs stage 2 once, then keeps the agent running.
::sysinit:${guestDir}/busybox sh ${guestDir}/setup.sh
::respawn:${guestDir}/busybox sh ${guestDir}/agent.sh
::shutdown:${guestDir}/busybox sync
`;
}

export function agentConfig(config: GuestConfig): AgentConfig {
  return { lab: config.lab, stateRoot: config.stateRoot, token: config.token, address: guestAddress, port: agentPort };
}

/** The initramfs: busybox, the boot modules (dependencies first), the scripts. */
export function buildInitramfs(config: GuestConfig, busybox: Buffer, modules: ReadonlyMap<string, Buffer>): Buffer {
  const dir = (path: string): CpioEntry => ({ path, mode: directoryMode | 0o755 });
  const file = (path: string, data: Buffer | string, perm = 0o644): CpioEntry => ({ path, mode: fileMode | perm, data: typeof data === 'string' ? Buffer.from(data) : data });
  const entries: CpioEntry[] = [dir('bin'), dir('dev'), dir('proc'), dir('sys'), dir('lib'), dir('lib/modules'), dir('clos-vm')];
  entries.push(file('bin/busybox', busybox, 0o755));
  for (const name of config.bootModules) {
    const data = modules.get(name);
    if (data === undefined) throw new Error(`module ${name} was not read`);
    entries.push(file(`lib/modules/${name}.ko`, data));
  }
  entries.push(file('init', stage1Script(config), 0o755));
  entries.push(file('clos-vm/setup.sh', setupScript(config), 0o755));
  entries.push(file('clos-vm/agent.sh', agentScript(config), 0o755));
  entries.push(file('clos-vm/inittab', inittab()));
  entries.push(file('clos-vm/agent.json', `${JSON.stringify(agentConfig(config))}\n`, 0o600));
  return writeCpio(entries);
}

/** The kernel command line. */
export function kernelCommandLine(): string {
  // panic=-1 with QEMU's -no-reboot: a guest that panics ends QEMU instead of hanging.
  return 'console=ttyS0 quiet panic=-1 mitigations=off';
}
