/**
 * Every generated frr.conf must pass FRR's own parser: `vtysh --dryrun -f <file>` (FRR 8.4+, which
 * .ci/run installs from Debian). Runs on the golden files, which the golden test proves equal to
 * the compiler's output.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenDir } from '../test-helpers/examples.js';
import { listFiles } from '../cli/output-dir.js';

const vtysh = ['/usr/bin/vtysh', '/usr/local/bin/vtysh'].find((p) => existsSync(p));
const confs = existsSync(goldenDir) ? listFiles(goldenDir).filter((f) => f.endsWith('/frr.conf')) : [];

describe('frr.conf passes vtysh --dryrun', () => {
  it('FRR is installed (apt-get install frr)', () => {
    expect(vtysh, 'vtysh not found: install FRR (apt-get install frr) to run this suite').toBeDefined();
  });
  it('there are frr.conf golden files to check', () => {
    expect(confs.length).toBeGreaterThan(0);
  });
  for (const conf of confs) {
    it(conf, () => {
      if (vtysh === undefined) throw new Error('vtysh not found');
      let output = '';
      let status = 0;
      try {
        output = execFileSync(vtysh, ['--dryrun', '-f', join(goldenDir, conf)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        const err = e as { status?: number; stdout?: string; stderr?: string };
        status = err.status ?? 1;
        output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
      }
      expect(output.trim(), `vtysh reported problems in ${conf}`).toBe('');
      expect(status).toBe(0);
    });
  }
});
