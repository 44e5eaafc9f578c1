/**
 * Every generated frr.conf must pass FRR's own parser: `vtysh --dryrun -f <file>` (FRR 8.4+, which
 * .ci/run installs from Debian). Runs on the golden files, which the golden test proves equal to
 * the compiler's output. CLOS_DRYRUN_FRR names further FRR installs, roots as CLOS_LAB_FRR takes
 * them, colon-separated (.ci/run: Debian 13's FRR 10.3, unpacked by lab/frr-unpack.sh): each
 * parses every file too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenDir } from '../test-helpers/examples.js';
import { listFiles } from '../cli/output-dir.js';
import { frrInstallAt, vtyshCommand, type FrrInstall } from '../lab/frr-install.js';

const vtysh = ['/usr/bin/vtysh', '/usr/local/bin/vtysh'].find((p) => existsSync(p));
const confs = existsSync(goldenDir) ? listFiles(goldenDir).filter((f) => f.endsWith('/frr.conf')) : [];

const others = (process.env['CLOS_DRYRUN_FRR'] ?? '').split(':').filter((r) => r !== '').map(frrInstallAt);

/** What vtysh --dryrun prints of a file, and its exit status. */
function dryRun(file: string, frr: FrrInstall | undefined): { output: string; status: number } {
  const [command, args] = frr === undefined ? [vtysh ?? 'vtysh', ['--dryrun', '-f', file]] : vtyshCommand(['--dryrun', '-f', file], frr);
  try {
    return { output: execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), status: 0 };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { output: `${err.stdout ?? ''}${err.stderr ?? ''}`, status: err.status ?? 1 };
  }
}

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
      const { output, status } = dryRun(join(goldenDir, conf), undefined);
      expect(output.trim(), `vtysh reported problems in ${conf}`).toBe('');
      expect(status).toBe(0);
    });
  }
});

for (const frr of others) {
  describe(`frr.conf passes vtysh --dryrun of the FRR under ${frr.root}`, () => {
    it('that FRR has a vtysh', () => {
      expect(existsSync(frr.vtysh), `${frr.vtysh} not found: lab/frr-unpack.sh ${frr.root}`).toBe(true);
    });
    for (const conf of confs) {
      it(conf, () => {
        const { output, status } = dryRun(join(goldenDir, conf), frr);
        expect(output.trim(), `vtysh reported problems in ${conf}`).toBe('');
        expect(status).toBe(0);
      });
    }
  });
}
