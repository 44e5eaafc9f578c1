import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runner } from './exec.js';
import { bgpdWaitsForBfd, frrCommand, frrDaemonCommand, frrDaemonOf, frrInstallAt, frrVersionOf, labFrr, readBgpdVersion, selectLabFrr, selectRecordedFrr, vtyshCommand } from './frr-install.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A root laid out like `dpkg -x` of Debian's FRR packages: the daemons, and optionally mgmtd and a loader. */
function fakeRoot(o: { mgmtd: boolean; loader: boolean; yang?: boolean }): string {
  const root = mkdtempSync(join(tmpdir(), 'clos-frr-root-'));
  roots.push(root);
  mkdirSync(join(root, 'usr/lib/frr'), { recursive: true });
  mkdirSync(join(root, 'usr/lib/x86_64-linux-gnu'), { recursive: true });
  for (const d of ['zebra', 'bgpd', 'bfdd', ...(o.mgmtd ? ['mgmtd'] : [])]) writeFileSync(join(root, 'usr/lib/frr', d), '');
  if (o.loader) writeFileSync(join(root, 'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'), '');
  if (o.yang === true) mkdirSync(join(root, 'usr/share/yang/modules/libyang'), { recursive: true });
  return root;
}

describe('the lab\'s FRR', () => {
  it('an unpacked FRR 10 with its own C library: mgmtd first, every program through its loader, its libraries before the system\'s', () => {
    const root = fakeRoot({ mgmtd: true, loader: true });
    const frr = frrInstallAt(root);
    expect(frr.daemons).toEqual(['mgmtd', 'zebra', 'bgpd', 'bfdd']);
    expect(frr.vtysh).toBe(join(root, 'usr/bin/vtysh'));
    const [file, args] = frrCommand(frr, join(frr.daemonDir, 'zebra'), ['-d', '-N', 'ns1']);
    expect(file).toBe(join(root, 'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'));
    expect(args).toEqual([
      '--library-path',
      `${join(root, 'usr/lib/x86_64-linux-gnu/frr')}:${join(root, 'usr/lib/x86_64-linux-gnu')}:/lib/x86_64-linux-gnu`,
      join(root, 'usr/lib/frr/zebra'),
      '-d',
      '-N',
      'ns1',
    ]);
    expect(vtyshCommand(['-N', 'ns1', '-b'], frr)).toEqual([file, [args[0], args[1], frr.vtysh, '-N', 'ns1', '-b']]);
  });

  it('daemons of a root with libyang\'s own modules run behind a private mount of its YANG directory; vtysh does not', () => {
    const root = fakeRoot({ mgmtd: true, loader: true, yang: true });
    const frr = frrInstallAt(root);
    const [file, args] = frrDaemonCommand(frr, 'mgmtd', ['-d']);
    const loaderArgs = frrCommand(frr, join(frr.daemonDir, 'mgmtd'), ['-d']);
    if (existsSync('/usr/share/yang')) {
      expect(file).toBe('unshare');
      expect(args).toEqual(['--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /usr/share/yang && exec "$@"', join(root, 'usr/share/yang'), loaderArgs[0], ...loaderArgs[1]]);
    } else {
      // no mount point on this machine: the daemon runs as any other program of the root
      expect([file, args]).toEqual(loaderArgs);
    }
    expect(frrDaemonOf([loaderArgs[0], ...loaderArgs[1]])).toBe('mgmtd');
    expect(vtyshCommand(['-b'], frr)[0]).toBe(loaderArgs[0]);
    // a root without them
    const plain = frrInstallAt(fakeRoot({ mgmtd: true, loader: true }));
    expect(frrDaemonCommand(plain, 'zebra', [])).toEqual(frrCommand(plain, join(plain.daemonDir, 'zebra'), []));
  });

  it('an FRR without mgmtd (8.4) and without a loader of its own runs its programs directly', () => {
    const root = fakeRoot({ mgmtd: false, loader: false });
    const frr = frrInstallAt(root);
    expect(frr.daemons).toEqual(['zebra', 'bgpd', 'bfdd']);
    expect(frr.launcher).toEqual([]);
    expect(frrCommand(frr, join(frr.daemonDir, 'bgpd'), ['-d'])).toEqual([join(root, 'usr/lib/frr/bgpd'), ['-d']]);
  });

  it("the system's FRR: vtysh from the PATH, daemons from /usr/lib/frr", () => {
    const frr = frrInstallAt('/');
    expect(frr.daemonDir).toBe('/usr/lib/frr');
    expect(frr.launcher).toEqual([]);
    expect(vtyshCommand(['-N', 'x', '-c', 'show bgp summary'], frr)).toEqual(['vtysh', ['-N', 'x', '-c', 'show bgp summary']]);
  });

  it("names a process's daemon from its argv, run directly or through a loader, and nothing else", () => {
    expect(frrDaemonOf(['/usr/lib/frr/zebra', '-d', '-N', 'clos-a_leaf1'])).toBe('zebra');
    expect(frrDaemonOf(['/opt/frr10/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', '--library-path', '/opt/frr10/usr/lib/x86_64-linux-gnu/frr:/lib/x86_64-linux-gnu', '/opt/frr10/usr/lib/frr/mgmtd', '-d'])).toBe('mgmtd');
    expect(frrDaemonOf(['/usr/bin/vtysh', '-N', 'x'])).toBeUndefined();
    expect(frrDaemonOf(['sleep', '100', '/usr/lib/frr/zebra'])).toBeUndefined();
    expect(frrDaemonOf([''])).toBeUndefined();
  });

  it("a command on a running lab uses the FRR the lab recorded, not its own environment's", () => {
    const root = fakeRoot({ mgmtd: true, loader: true });
    selectLabFrr({ CLOS_LAB_FRR: '' });
    expect(labFrr().root).toBe('/');
    selectRecordedFrr(root);
    expect(labFrr().root).toBe(root);
    expect(labFrr().daemons[0]).toBe('mgmtd');
    selectRecordedFrr(undefined);
    expect(labFrr().root).toBe('/');
    selectLabFrr({ CLOS_LAB_FRR: root });
    expect(labFrr().vtysh).toBe(join(root, 'usr/bin/vtysh'));
    // a relative root is the command's own directory's, recorded absolute
    selectLabFrr({ CLOS_LAB_FRR: 'usr/..' }, root);
    expect(labFrr().root).toBe(root);
    selectLabFrr({});
  });
});

describe('whether a bgpd waits for BFD before it connects', () => {
  it('10.2.0 to 10.2.2 and 10.3.0 do (FRR 1fb48f5d13, before the backports of PR #18562)', () => {
    for (const v of ['10.2', '10.2.0', '10.2.1', '10.2.2', '10.3', '10.3.0', '10.3-dev']) expect(bgpdWaitsForBfd(v), v).toBe(true);
  });

  it('8.4, 10.1, 10.2.3 and later, 10.3.1 and later, 10.4 and later do not, nor a version it cannot read', () => {
    for (const v of ['8.4.4', '9.1', '10.1.2', '10.2.3', '10.2.6', '10.3.1', '10.3.4', '10.4.0', '10.7.1', '11.0', '', 'unknown']) expect(bgpdWaitsForBfd(v), v).toBe(false);
  });

  it("reads the version bgpd prints, through the FRR's loader, and nothing when bgpd fails", async () => {
    expect(frrVersionOf('bgpd version 10.3\nCopyright 1996-2005 Kunihiro Ishiguro, et al.\n')).toBe('10.3');
    expect(frrVersionOf('bgpd version 8.4.4\n')).toBe('8.4.4');
    expect(frrVersionOf('bgpd: unrecognized option\n')).toBeUndefined();
    const root = fakeRoot({ mgmtd: true, loader: true });
    const frr = frrInstallAt(root);
    const asked: string[][] = [];
    const answer = (stdout: string, code: number): Runner => (command, args) => {
      asked.push([command, ...args]);
      return Promise.resolve({ code, stdout, stderr: '' });
    };
    expect(await readBgpdVersion(answer('bgpd version 10.3\n', 0), frr)).toBe('10.3');
    expect(asked[0]).toEqual([frrCommand(frr, join(root, 'usr/lib/frr/bgpd'), [])[0], ...frrCommand(frr, join(root, 'usr/lib/frr/bgpd'), ['--version'])[1]]);
    expect(await readBgpdVersion(answer('', 1), frr)).toBeUndefined();
  });
});
