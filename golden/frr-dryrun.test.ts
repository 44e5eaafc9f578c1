/**
 * Every generated frr.conf must pass FRR's own parser: `vtysh --dryrun -f <file>` (FRR 8.4+, which
 * .ci/run installs from Debian). Runs on the golden files, which the golden test proves equal to
 * the compiler's output. CLOS_DRYRUN_FRR names further FRR installs, roots as CLOS_LAB_FRR takes
 * them, colon-separated (.ci/run: Debian 13's FRR 10.3, unpacked by lab/frr-unpack.sh): each
 * parses every file too (test-helpers/vtysh.ts, which the lab's stand-in configurations' tests use
 * as well).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenDir } from '../test-helpers/examples.js';
import { listFiles } from '../cli/output-dir.js';
import { dryRun, dryRunFile, dryRunFrrs, systemVtysh } from '../test-helpers/vtysh.js';

const confs = existsSync(goldenDir) ? listFiles(goldenDir).filter((f) => f.endsWith('/frr.conf')) : [];

describe('frr.conf passes vtysh --dryrun', () => {
  it('FRR is installed (apt-get install frr)', () => {
    expect(systemVtysh, 'vtysh not found: install FRR (apt-get install frr) to run this suite').toBeDefined();
  });
  it('there are frr.conf golden files to check', () => {
    expect(confs.length).toBeGreaterThan(0);
  });
  it('the stand-ins\' checker (dryRun) names every FRR that refuses a line, and is quiet when all accept it', () => {
    const refused = dryRun('hostname x\nno-such-command 1\n');
    expect(refused).toContain('the system FRR');
    for (const frr of dryRunFrrs) expect(refused).toContain(`the FRR under ${frr.root}`);
    expect(refused.split('\n').filter((l) => l.startsWith('the ')).length).toBe(1 + dryRunFrrs.length);
    expect(dryRun('hostname x\n')).toBe('');
  });
  for (const conf of confs) {
    it(conf, () => {
      if (systemVtysh === undefined) throw new Error('vtysh not found');
      const { output, status } = dryRunFile(join(goldenDir, conf));
      expect(output.trim(), `vtysh reported problems in ${conf}`).toBe('');
      expect(status).toBe(0);
    });
  }
});

for (const frr of dryRunFrrs) {
  describe(`frr.conf passes vtysh --dryrun of the FRR under ${frr.root}`, () => {
    it('that FRR has a vtysh', () => {
      expect(existsSync(frr.vtysh), `${frr.vtysh} not found: lab/frr-unpack.sh ${frr.root}`).toBe(true);
    });
    for (const conf of confs) {
      it(conf, () => {
        const { output, status } = dryRunFile(join(goldenDir, conf), frr);
        expect(output.trim(), `vtysh reported problems in ${conf}`).toBe('');
        expect(status).toBe(0);
      });
    }
  });
}
