/**
 * FRR's own parser for configuration text in tests: `vtysh --dryrun -f <file>` (FRR 8.4+), of the
 * system's FRR and of every further FRR that CLOS_DRYRUN_FRR names (roots as CLOS_LAB_FRR takes
 * them, colon-separated; .ci/run: Debian 13's FRR 10.3, unpacked by lab/frr-unpack.sh).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frrInstallAt, vtyshCommand, type FrrInstall } from '../lab/frr-install.js';

/** The system's vtysh, if FRR is installed. */
export const systemVtysh = ['/usr/bin/vtysh', '/usr/local/bin/vtysh'].find((p) => existsSync(p));

/** The further FRR installs CLOS_DRYRUN_FRR names. */
export const dryRunFrrs: readonly FrrInstall[] = (process.env['CLOS_DRYRUN_FRR'] ?? '')
  .split(':')
  .filter((r) => r !== '')
  .map(frrInstallAt);

/** What `vtysh --dryrun` of the system's FRR (`frr` undefined) or of `frr` prints of a file, and its exit status. */
export function dryRunFile(file: string, frr?: FrrInstall): { output: string; status: number } {
  const [command, args] = frr === undefined ? [systemVtysh ?? 'vtysh', ['--dryrun', '-f', file]] : vtyshCommand(['--dryrun', '-f', file], frr);
  try {
    return { output: execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), status: 0 };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { output: `${err.stdout ?? ''}${err.stderr ?? ''}`, status: err.status ?? 1 };
  }
}

/**
 * What the system's FRR and every CLOS_DRYRUN_FRR install say about a configuration: '' when each
 * accepts it, otherwise each one's complaint (or exit status), named after its FRR.
 */
export function dryRun(conf: string): string {
  if (systemVtysh === undefined) throw new Error('vtysh not found: install FRR (apt-get install frr) to run this test');
  const dir = mkdtempSync(join(tmpdir(), 'clos-standin-'));
  try {
    const file = join(dir, 'frr.conf');
    writeFileSync(file, conf);
    const problems: string[] = [];
    for (const frr of [undefined, ...dryRunFrrs]) {
      const { output, status } = dryRunFile(file, frr);
      const text = output.trim();
      if (text !== '' || status !== 0) problems.push(`${frr === undefined ? 'the system FRR' : `the FRR under ${frr.root}`}${status === 0 ? '' : ` (exit status ${status})`}: ${text}`);
    }
    return problems.join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
