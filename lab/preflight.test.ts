/**
 * What the lab needs from the machine (lab/preflight.ts), judged with a fake runner: every missing
 * tool is named with how to install it, and a machine that has them all passes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Runner } from './exec.js';
import { preflight } from './preflight.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A runner for which the programs in `missing` cannot start (as spawn reports ENOENT), the rest answer. */
function machine(missing: readonly string[]): Runner {
  return (command) =>
    Promise.resolve(missing.includes(command) ? { code: null, stdout: '', stderr: '', error: `spawn ${command} ENOENT` } : { code: 0, stdout: `${command} 1.0\n`, stderr: '' });
}

const described = (ds: readonly { severity: string; code: string; message: string }[]): string[] => ds.map((d) => `${d.severity} ${d.code} ${d.message}`);

describe('preflight', () => {
  it('passes as root with ip and ping', async () => {
    vi.spyOn(process, 'getuid').mockReturnValue(0);
    expect(await preflight(machine([]), { root: true, ping: true, frr: false })).toEqual([]);
  });

  it('refuses a user that is not root', async () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    expect(described(await preflight(machine([]), { root: true, ping: false, frr: false }))).toEqual([
      'error CLOS7001 clos lab creates network namespaces and starts FRR daemons: run it as root',
    ]);
    // What needs no root (none of the lab's commands today) is not refused.
    expect(await preflight(machine([]), { root: false, ping: false, frr: false })).toEqual([]);
  });

  it('names each missing tool and how to install it', async () => {
    vi.spyOn(process, 'getuid').mockReturnValue(0);
    expect(described(await preflight(machine(['ip', 'ping']), { root: true, ping: true, frr: false }))).toEqual([
      "error CLOS7002 'ip' is not installed; the lab needs it (apt-get install iproute2)",
      "error CLOS7002 'ping' is not installed; the lab needs it (apt-get install iputils-ping)",
    ]);
    // ping is asked for only by the commands that ping.
    expect(described(await preflight(machine(['ping']), { root: true, ping: false, frr: false }))).toEqual([]);
  });
});
