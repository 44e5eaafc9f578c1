import { describe, expect, it } from 'vitest';
import type { RunOptions, RunResult } from './exec.js';
import { portFilterBatch, probeKernel } from './kernel.js';

/** A runner that answers every command with success unless `refuse` names it, and records each. */
function fakeRunner(refuse: (command: string, args: readonly string[]) => string | undefined): { calls: string[]; run: (c: string, a: readonly string[], o?: RunOptions) => Promise<RunResult> } {
  const calls: string[] = [];
  return {
    calls,
    run: (command, args, options) => {
      calls.push(`${command} ${args.join(' ')}${options?.input === undefined ? '' : ` <<${options.input}`}`);
      const why = refuse(command, args);
      return Promise.resolve(why === undefined ? { code: 0, stdout: '', stderr: '' } : { code: 2, stdout: '', stderr: `${why}\n` });
    },
  };
}

describe('segment member ports', () => {
  it('are filtered so that a unicast frame is for another host unless a device claims its address, as on a veth', () => {
    expect(portFilterBatch(['swp1', 'swp2'])).toBe(
      'qdisc add dev swp1 clsact\nfilter add dev swp1 ingress pref 10 protocol all flower dst_mac 00:00:00:00:00:00/01:00:00:00:00:00 action skbedit ptype otherhost\n' +
        'qdisc add dev swp2 clsact\nfilter add dev swp2 ingress pref 10 protocol all flower dst_mac 00:00:00:00:00:00/01:00:00:00:00:00 action skbedit ptype otherhost\n',
    );
  });

  it('can be protodown only where the kernel takes protodown on a passthru macvlan and the filter on it', async () => {
    const all = fakeRunner(() => undefined);
    const probe = await probeKernel(all.run, 'p');
    expect(probe.dataPlane).toEqual({ vrf: true, dot1q: true, protodown: true });
    expect(all.calls).toContain('ip -n p link set probe-mv protodown on');
    expect(all.calls).toContain(`tc -n p -batch - <<${portFilterBatch(['probe-mv'])}`);
    // The probe namespace is removed, whatever the answers.
    expect(all.calls.at(-1)).toBe('ip netns del p');

    const noTc = fakeRunner((c) => (c === 'tc' ? 'Unknown filter "flower", hence option "dst_mac" is unparsable' : undefined));
    expect((await probeKernel(noTc.run, 'p')).dataPlane.protodown).toBe(false);

    const noProtodown = fakeRunner((_command, a) => (a.includes('protodown') ? 'Error: Protodown not supported by device.' : undefined));
    const refused = await probeKernel(noProtodown.run, 'p');
    expect(refused.dataPlane.protodown).toBe(false);
    expect(noProtodown.calls.some((c) => c.startsWith('tc '))).toBe(false);
  });
});
