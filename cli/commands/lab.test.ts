/**
 * The `clos lab` command line, in-process, without booting anything: help, and the refusals that
 * come before a namespace is created. Booting is tested by lab/lab.lab.test.ts (npm run test:lab).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../io.js';
import { codeIdentityGlobal } from '../build-record.js';
import { run } from '../run.js';
import { repoRoot } from '../../test-helpers/examples.js';
import { guestTestArgv, guestUpArgv } from './lab-vm.js';

const state = mkdtempSync(join(tmpdir(), 'clos-lab-state-'));
/** A state root holding only the labs a test puts there. */
const labs = mkdtempSync(join(tmpdir(), 'clos-lab-labs-'));
afterAll(() => {
  rmSync(state, { recursive: true, force: true });
  rmSync(labs, { recursive: true, force: true });
});
const io = (): ReturnType<typeof memoryIo> => memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1', CLOS_LAB_STATE_DIR: state } });
const labsIo = (): ReturnType<typeof memoryIo> => memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1', CLOS_LAB_STATE_DIR: labs } });

describe('clos lab', () => {
  it('lists its subcommands', async () => {
    const out = io();
    expect(await run(['lab', '--help'], out)).toBe(0);
    for (const sub of ['up', 'test', 'fail', 'restore', 'exec', 'down']) expect(out.out()).toMatch(new RegExp(`\\n  ${sub} `));
  });

  it('down of a lab that does not exist removes nothing and succeeds, twice', async () => {
    // Named, so that running the unit tests never takes down a lab someone is using.
    for (let i = 0; i < 2; i++) {
      const out = io();
      expect(await run(['lab', 'down', '--name', 'no-such-lab-here'], out)).toBe(0);
      expect(out.out()).toMatch(/^lab no-such-lab-here is down \(0 processes stopped, 0 namespaces removed\) in [0-9.]+ s\n$/);
    }
  });

  it('test, fail, restore and exec say when no lab is running', async () => {
    for (const argv of [['lab', 'test'], ['lab', 'fail', 'spine1'], ['lab', 'restore'], ['lab', 'exec', 'leaf1', 'vtysh']]) {
      const out = io();
      expect(await run(argv, out)).toBe(1);
      expect(out.err()).toContain("error CLOS7006: no lab is running; start one with 'clos lab up <intent>'");
    }
  });

  it("test checks the FRR the lab records, not the environment's", async () => {
    const lab = 'recorded-frr';
    mkdirSync(join(state, lab), { recursive: true });
    writeFileSync(join(state, lab, 'state.json'), JSON.stringify({ schema: 'clos.lab/1', lab, status: 'up', plan: {}, frr: '/nonexistent-clos-frr-root' }));
    const out = io();
    expect(await run(['lab', 'test', '--name', lab], out)).toBe(1);
    expect(out.err()).toContain('/nonexistent-clos-frr-root/usr/lib/frr/zebra');
    expect(out.err()).toContain('lab/frr-unpack.sh /nonexistent-clos-frr-root (CLOS_LAB_FRR)');
    rmSync(join(state, lab), { recursive: true, force: true });
  });

  it('refuses a lab name that cannot prefix namespaces, before creating anything', async () => {
    const out = io();
    expect(await run(['lab', 'up', 'intent/examples/quickstart', '--name', 'Bad_Name'], out)).toBe(1);
    expect(out.err()).toContain("error CLOS7005: lab name 'Bad_Name' must match");
  });

  it('refuses a build for another platform with one diagnostic, not one per device', async () => {
    const build = join(state, 'eos-build');
    expect(await run(['compile', 'intent/examples/quickstart', '-o', build, '--platform', 'eos'], io())).toBe(0);
    const out = io();
    expect(await run(['lab', 'up', build, '--name', 'no-such-lab-here'], out)).toBe(1);
    expect(out.err().match(/CLOS7003/g)).toHaveLength(1);
    expect(out.err()).toContain("error CLOS7003: devices 'spine1', 'spine2', 'leaf1', 'leaf2' and 2 more are rendered for eos; the lab boots FRR only");
  });

  it('refuses --vm, before creating anything, when no VM can boot here', async () => {
    const out = memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1', CLOS_LAB_STATE_DIR: state, CLOS_LAB_VM_KERNEL: '/nonexistent/vmlinuz-0.0' } });
    expect(await run(['lab', 'up', 'intent/examples/quickstart', '--name', 'no-such-lab-here', '--vm'], out)).toBe(1);
    expect(out.err()).toContain("error CLOS7018: --vm was given, but this machine cannot boot the lab's VM: ");
    expect(out.err()).toContain('/nonexistent/vmlinuz-0.0: no /lib/modules/0.0/modules.dep');
  });

  /** A lab directory in a state root of its own: its state.json as given (text), and a vm/ directory when asked. */
  function labDir(lab: string, stateJson: string | undefined, vm = false): () => void {
    mkdirSync(join(labs, lab, vm ? 'vm' : ''), { recursive: true });
    if (stateJson !== undefined) writeFileSync(join(labs, lab, 'state.json'), stateJson);
    return () => {
      rmSync(join(labs, lab), { recursive: true, force: true });
    };
  }
  const starting = (lab: string): string => JSON.stringify({ schema: 'clos.lab/1', lab, status: 'starting', plan: {} });
  const clean = (err: string): void => {
    expect(err).not.toContain('internal error');
    expect(err).not.toMatch(/\n\s+at /);
  };

  it('asks which lab when several are running and none is named; names one when told', async () => {
    const removes = [labDir('lab-a', starting('lab-a')), labDir('lab-b', starting('lab-b'))];
    try {
      for (const argv of [['lab', 'test'], ['lab', 'fail', 'spine1'], ['lab', 'restore'], ['lab', 'exec', 'leaf1'], ['lab', 'down']]) {
        const out = labsIo();
        expect(await run(argv, out), argv.join(' ')).toBe(1);
        const listed = argv[1] === 'down' ? 'lab-a, lab-b; or --all' : 'lab-a, lab-b';
        expect(out.err()).toContain(`error CLOS7007: several labs are running (${listed}); choose one with --name`);
        clean(out.err());
      }
      // Named, the lab is chosen: what is said next is about that lab.
      const out = labsIo();
      expect(await run(['lab', 'restore', '--name', 'lab-a'], out)).toBe(1);
      expect(out.err()).not.toContain('CLOS7007');
      expect(out.err()).toContain("error CLOS7006: no lab is running named 'lab-a' (it did not finish starting)");
    } finally {
      for (const r of removes) r();
    }
  });

  it("says where a lab's state cannot be read, and reads one that can be", async () => {
    const remove = labDir('broken', '{"schema": "clos.lab/1", "lab": "bro');
    try {
      for (const argv of [['lab', 'test', '--name', 'broken'], ['lab', 'restore', '--name', 'broken'], ['lab', 'exec', '--name', 'broken', 'leaf1']]) {
        const out = labsIo();
        expect(await run(argv, out), argv.join(' ')).toBe(1);
        expect(out.err()).toContain(`error CLOS7014: lab state '${join(labs, 'broken')}' cannot be read (`);
        expect(out.err()).toContain("); run 'clos lab down --name <lab>' and start again");
        clean(out.err());
      }
      writeFileSync(join(labs, 'broken', 'state.json'), JSON.stringify({ schema: 'clos.lab/1', lab: 'other', status: 'up', plan: {} }));
      const other = labsIo();
      expect(await run(['lab', 'restore', '--name', 'broken'], other)).toBe(1);
      expect(other.err()).toContain(`error CLOS7014: lab state '${join(labs, 'broken')}' cannot be read (not a clos.lab/1 state of lab broken)`);
      writeFileSync(join(labs, 'broken', 'state.json'), starting('broken'));
      const readable = labsIo();
      expect(await run(['lab', 'restore', '--name', 'broken'], readable)).toBe(1);
      expect(readable.err()).not.toContain('CLOS7014');
      expect(readable.err()).toContain("error CLOS7006: no lab is running named 'broken' (it did not finish starting)");
    } finally {
      remove();
    }
  });

  it("refuses to test, fail or restore a lab whose VM another build of clos booted: its agent would run that build's checks", async () => {
    const remove = labDir('stale-vm', undefined, true);
    const vm = join(labs, 'stale-vm', 'vm');
    // A process that looks like the lab's QEMU to isOurQemu: its arguments name the pid file.
    const qemu = spawn('sh', ['-c', 'sleep 60', '-pidfile', join(vm, 'qemu.pid')], { stdio: 'ignore' });
    const globals = globalThis as Record<string, unknown>;
    try {
      const record = { schema: 'clos.lab-vm/1', lab: 'stale-vm', pid: qemu.pid, port: 1, token: 't', accel: 'tcg', kernel: 'k', memoryMb: 704, cpus: 2, build: '0123456789abcdef node v20.0.0' };
      writeFileSync(join(vm, 'vm.json'), JSON.stringify(record));
      globals[codeIdentityGlobal] = 'fedcba9876543210';
      for (const argv of [['lab', 'test', '--name', 'stale-vm'], ['lab', 'restore', '--name', 'stale-vm'], ['lab', 'fail', 'spine1', '--name', 'stale-vm']]) {
        const out = labsIo();
        expect(await run(argv, out), argv.join(' ')).toBe(1);
        expect(out.err()).toContain(
          `error CLOS7024: the VM of lab 'stale-vm' runs the clos that brought it up (0123456789abcdef node v20.0.0), not this one (fedcba9876543210 node ${process.version}): its agent loaded that code at 'lab up' and would run its checks; 'clos lab down --name stale-vm' and 'clos lab up' again use this one`,
        );
        clean(out.err());
      }
      // Run from its sources (no bundle, no identity), clos cannot tell, and asks the agent.
      Reflect.deleteProperty(globals, codeIdentityGlobal);
      const out = labsIo();
      expect(await run(['lab', 'restore', '--name', 'stale-vm'], out)).toBe(1);
      expect(out.err()).not.toContain('CLOS7024');
      expect(out.err()).toContain("error CLOS7020: lost the VM of lab 'stale-vm'");
    } finally {
      Reflect.deleteProperty(globals, codeIdentityGlobal);
      qemu.kill();
      remove();
    }
  });

  it('says when the VM a lab ran in no longer runs', async () => {
    const remove = labDir('gone-vm', undefined, true);
    try {
      for (const argv of [['lab', 'test', '--name', 'gone-vm'], ['lab', 'restore', '--name', 'gone-vm'], ['lab', 'fail', 'spine1', '--name', 'gone-vm']]) {
        const out = labsIo();
        expect(await run(argv, out), argv.join(' ')).toBe(1);
        expect(out.err()).toContain(
          "error CLOS7021: lab 'gone-vm' ran in a VM that no longer runs (it was stopped, or the host restarted); 'clos lab down --name gone-vm' removes what is left, 'clos lab up' starts again",
        );
        clean(out.err());
      }
      // Without the VM's directory the lab is one on this kernel, and it is not running.
      rmSync(join(labs, 'gone-vm', 'vm'), { recursive: true });
      const out = labsIo();
      expect(await run(['lab', 'restore', '--name', 'gone-vm'], out)).toBe(1);
      expect(out.err()).not.toContain('CLOS7021');
      expect(out.err()).toContain("error CLOS7006: no lab is running named 'gone-vm'");
    } finally {
      remove();
    }
  });

  it('passes the command to the VM as given, less --vm', () => {
    expect(guestUpArgv('intent/x', { name: 'a', jobs: 3, withoutVrf: true })).toEqual(['lab', 'up', 'intent/x', '--name', 'a', '--jobs', '3', '--without-vrf']);
    expect(guestUpArgv('intent/x', {})).toEqual(['lab', 'up', 'intent/x']);
    expect(guestTestArgv({ format: 'junit', output: 'r.xml', timeout: 180, failures: true })).toEqual(['lab', 'test', '--format', 'junit', '--output', 'r.xml', '--timeout', '180', '--failures']);
  });

  it('checks its numeric options', async () => {
    const out = io();
    expect(await run(['lab', 'test', '--timeout', 'soon'], out)).toBe(2);
    expect(out.err()).toContain("error: option '--timeout <seconds>' argument 'soon' is invalid. --timeout must be a number of seconds from 1 to 3600, got 'soon'");
    expect(out.err()).not.toContain('internal error');
  });
});
