import { describe, expect, it } from 'vitest';
import { readCpio } from './cpio.js';
import { agentScript, buildInitramfs, guestDir, inittab, kernelCommandLine, labModules, setupScript, stage1Script, type GuestConfig } from './guest-image.js';

const config: GuestConfig = {
  lab: 'q',
  stateRoot: '/run/clos-lab',
  token: 'secret',
  node: '/usr/bin/node',
  agentScript: '/repo/dist/lab/vm/guest-agent.js',
  bootModules: ['virtio_ring', 'virtio', 'virtio_pci', '9pnet', '9pnet_virtio', 'netfs', 'fscache', '9p', 'overlay'],
  neighbourTable: 16384,
};

describe('the initramfs', () => {
  const busybox = Buffer.from('static busybox');
  const modules = new Map(config.bootModules.map((m) => [m, Buffer.from(`module ${m}`)]));
  const entries = readCpio(buildInitramfs(config, busybox, modules));
  const file = (path: string): string => entries.find((e) => e.path === path)?.data?.toString() ?? '';

  it('holds busybox, the boot modules in load order, /init and the scripts, with their modes', () => {
    expect(entries.map((e) => `${e.path} ${(e.mode & 0o7777).toString(8)}`)).toEqual([
      'bin 755',
      'dev 755',
      'proc 755',
      'sys 755',
      'lib 755',
      'lib/modules 755',
      'clos-vm 755',
      'bin/busybox 755',
      ...config.bootModules.map((m) => `lib/modules/${m}.ko 644`),
      'init 755',
      'clos-vm/setup.sh 755',
      'clos-vm/agent.sh 755',
      'clos-vm/inittab 644',
      'clos-vm/agent.json 600',
    ]);
    expect(file('bin/busybox')).toBe('static busybox');
    expect(file('lib/modules/9p.ko')).toBe('module 9p');
    expect(JSON.parse(file('clos-vm/agent.json'))).toEqual({ lab: 'q', stateRoot: '/run/clos-lab', token: 'secret', address: '10.0.2.15', port: 7000 });
  });

  it('stage 1 loads the modules in order, mounts the host read-only with a tmpfs overlay, and switches to busybox init', () => {
    const init = stage1Script(config);
    expect(file('init')).toBe(init);
    expect(init).toContain(`for m in ${config.bootModules.join(' ')}; do`);
    expect(init).toContain('mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000 hostroot /lower');
    expect(init).toContain('mount -t overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work overlay /newroot');
    expect(init).toContain('mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostusr /newroot/usr');
    expect(init).toMatch(/exec \$B switch_root \/newroot \/\.clos-vm\/busybox init\n$/);
  });

  it("stage 2 loads the lab's modules and mounts the lab's state at the host's path", () => {
    const setup = setupScript(config);
    expect(setup).toContain(`modprobe -a ${labModules.join(' ')}`);
    expect(labModules).toEqual(expect.arrayContaining(['vrf', '8021q', 'bonding', 'bridge', 'vxlan', 'veth']));
    expect(setup).toContain("$B mount -t tmpfs -o mode=0755 tmpfs '/run/clos-lab'");
    expect(setup).toContain("$B mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 labstate '/run/clos-lab/q'");
    expect(setup).toContain('net.ipv4.neigh.default.gc_thresh3=16384');
  });

  it('init keeps the agent running; the agent runs node on the host\'s agent script', () => {
    expect(inittab()).toContain(`::respawn:${guestDir}/busybox sh ${guestDir}/agent.sh`);
    expect(agentScript(config)).toContain(`'/usr/bin/node' --jitless '/repo/dist/lab/vm/guest-agent.js' ${guestDir}/agent.json`);
    expect(agentScript(config)).toContain('clos-vm: agent exited with status');
    expect(kernelCommandLine()).toContain('panic=-1');
  });

  it('quotes paths in the scripts', () => {
    const odd = setupScript({ ...config, stateRoot: "/tmp/it's here" });
    expect(odd).toContain("'/tmp/it'\\''s here/q'");
  });
});
