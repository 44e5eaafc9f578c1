/** What the lab needs from the machine, checked before anything is created. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LabDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import type { Runner } from './exec.js';
import { labFrr, vtyshCommand } from './frr-install.js';

export async function preflight(run: Runner, needs: { root: boolean; ping: boolean; frr?: boolean }): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  if (needs.root && process.getuid?.() !== 0) problems.push(createDiagnostic(L.needsRoot, {}));
  const ip = await run('ip', ['-V']);
  if (ip.code !== 0) problems.push(createDiagnostic(L.toolMissing, {}, 'ip', 'apt-get install iproute2'));
  if (needs.frr !== false) {
    const frr = labFrr();
    const install = frr.root === '/' ? 'apt-get install frr' : `lab/frr-unpack.sh ${frr.root} (CLOS_LAB_FRR)`;
    for (const d of frr.daemons) {
      const path = join(frr.daemonDir, d);
      if (!existsSync(path)) problems.push(createDiagnostic(L.toolMissing, {}, path, install));
    }
    const vtysh = await run(...vtyshCommand(['-h'], frr));
    if (vtysh.code !== 0) problems.push(createDiagnostic(L.toolMissing, {}, frr.vtysh, install));
  }
  if (needs.ping) {
    const ping = await run('ping', ['-V']);
    if (ping.code !== 0) problems.push(createDiagnostic(L.toolMissing, {}, 'ping', 'apt-get install iputils-ping'));
  }
  return problems;
}
