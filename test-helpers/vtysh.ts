/** FRR's own parser for configuration text in unit tests: `vtysh --dryrun -f <file>` (FRR 8.4+). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const vtysh = ['/usr/bin/vtysh', '/usr/local/bin/vtysh'].find((p) => existsSync(p));

/** What `vtysh --dryrun` says about a configuration ('' when FRR accepts it); throws when it exits non-zero. */
export function dryRun(conf: string): string {
  if (vtysh === undefined) throw new Error('vtysh not found: install FRR (apt-get install frr) to run this test');
  const dir = mkdtempSync(join(tmpdir(), 'clos-standin-'));
  try {
    writeFileSync(join(dir, 'frr.conf'), conf);
    return execFileSync(vtysh, ['--dryrun', '-f', join(dir, 'frr.conf')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
