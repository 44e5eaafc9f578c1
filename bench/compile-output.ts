/** What the benchmark accepts from a generated fabric's compile (bench/main.ts). */

/**
 * What a generated fabric's compile may not print: anything on stderr but the stage lines, and any
 * diagnostic but CLOS3147 — the routed networks on every leaf of a large fabric (the operator's
 * infrastructure /24s) have no room for an address per FRR leaf (README, "An address of its own";
 * verify/scale.test.ts asserts exactly which). Empty when the compile printed nothing else.
 */
export function unexpectedOutput(stdout: string, stderr: string): string {
  const other = stderr.split('\n').filter((l) => l !== '' && !l.startsWith('clos: '));
  let diagnostics: { code?: string; severity?: string; message?: string }[] = [];
  try {
    diagnostics = (JSON.parse(stdout) as { diagnostics?: typeof diagnostics }).diagnostics ?? [];
  } catch {
    other.push(`not the JSON --json prints: ${stdout.slice(0, 200)}`);
  }
  for (const d of diagnostics) if (!(d.code === 'CLOS3147' && d.severity === 'warning')) other.push(`${d.severity ?? '?'} ${d.code ?? '?'}: ${d.message ?? ''}`);
  return other.join('\n');
}
