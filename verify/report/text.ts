/**
 * The text report: one line per check (PASS, WARN, FAIL), its findings under it as
 * `file:line:col - error CODE: message [device]` (device names only for a build directory), and a
 * summary line with counts.
 */
import { formatDiagnostic, type FormatOptions } from '../../compiler/diagnostics/format.js';
import type { VerifyReport } from '../types.js';

export function formatTextReport(report: VerifyReport, options: FormatOptions): string {
  const c = options.color;
  const paint = (code: number, text: string): string => (c ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const { spines, leaves } = report.devices;
  lines.push(`clos verify ${report.fabric}: ${spines} spine${spines === 1 ? '' : 's'}, ${leaves} lea${leaves === 1 ? 'f' : 'ves'}, ${report.method} propagation`);
  lines.push('');
  const width = Math.max(...report.checks.map((r) => r.title.length));
  const numberWidth = String(report.checks.length).length;
  for (const check of report.checks) {
    const status = check.status === 'pass' ? paint(32, 'PASS') : check.status === 'warn' ? paint(33, 'WARN') : paint(31, 'FAIL');
    lines.push(`${status} ${String(check.number).padEnd(numberWidth)} ${check.title.padEnd(width)}  ${check.summary}`);
    for (const d of check.diagnostics) {
      lines.push(
        formatDiagnostic(d, options)
          .split('\n')
          .map((l) => `     ${l}`)
          .join('\n'),
      );
    }
    for (const note of check.notes) lines.push(`     note: ${note}`);
  }
  lines.push('');
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

export function reportCounts(report: VerifyReport): { checks: number; passed: number; warned: number; failed: number; errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const check of report.checks) {
    for (const d of check.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
  }
  const count = (s: string): number => report.checks.filter((r) => r.status === s).length;
  return { checks: report.checks.length, passed: count('pass'), warned: count('warn'), failed: count('fail'), errors, warnings };
}

export function summaryLine(report: VerifyReport): string {
  const n = reportCounts(report);
  const plural = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  const checks = `${n.passed + n.warned} of ${n.checks} checks passed${n.warned > 0 ? ` (${n.warned} with warnings)` : ''}${n.failed > 0 ? `, ${n.failed} failed` : ''}`;
  return `${checks}; ${plural(n.errors, 'error')} and ${plural(n.warnings, 'warning')}.`;
}
