/**
 * `clos verify` of a region: the region's own check (its rules across the fabrics) and each
 * fabric's report of the verifier's checks, in region.yaml's order — as text, JSON (`clos.region
 * -verify/1`, each fabric's report as `clos verify --format json` prints it) or JUnit (one test
 * suite for the region, one per fabric). Exit status 1 when any check of any of them fails.
 */
import { diagnosticToJson, formatDiagnostic, type FormatOptions } from '../compiler/diagnostics/format.js';
import { sortDiagnostics, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { jsonReport } from '../verify/report/json.js';
import { junitSuite, xml } from '../verify/report/junit.js';
import { formatTextReport, reportCounts } from '../verify/report/text.js';
import type { CheckResult, VerifyReport } from '../verify/types.js';
import { reportHasErrors } from '../verify/verify.js';

export const regionVerifySchema = 'clos.region-verify/1' as const;

/** The region's own check: the rules across its fabrics (region/rules/). */
export interface RegionCheck extends Omit<CheckResult, 'id'> {
  readonly id: 'region';
}

export interface RegionVerifyReport {
  readonly region: string;
  readonly check: RegionCheck;
  readonly fabrics: readonly VerifyReport[];
}

export function regionCheck(diagnostics: readonly Diagnostic[], summary: string): RegionCheck {
  const sorted = sortDiagnostics(diagnostics);
  const status = sorted.some((d) => d.severity === 'error') ? 'fail' : sorted.length > 0 ? 'warn' : 'pass';
  return { id: 'region', number: 0, title: 'Region rules', status, diagnostics: sorted, summary, notes: [] };
}

export function regionReportHasErrors(report: RegionVerifyReport): boolean {
  return report.check.status === 'fail' || report.fabrics.some(reportHasErrors);
}

/** `sha: 4 fabrics; 49 of 49 checks passed; 0 errors and 0 warnings.` */
export function regionSummaryLine(report: RegionVerifyReport): string {
  const counts = totals(report);
  const plural = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  const passed = `${counts.passed + counts.warned} of ${counts.checks} checks passed${counts.warned > 0 ? ` (${counts.warned} with warnings)` : ''}${counts.failed > 0 ? `, ${counts.failed} failed` : ''}`;
  return `region ${report.region}: ${plural(report.fabrics.length, 'fabric')}; ${passed}; ${plural(counts.errors, 'error')} and ${plural(counts.warnings, 'warning')}.`;
}

function totals(report: RegionVerifyReport): { checks: number; passed: number; warned: number; failed: number; errors: number; warnings: number } {
  const region = {
    checks: 1,
    passed: report.check.status === 'pass' ? 1 : 0,
    warned: report.check.status === 'warn' ? 1 : 0,
    failed: report.check.status === 'fail' ? 1 : 0,
    errors: report.check.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: report.check.diagnostics.filter((d) => d.severity === 'warning').length,
  };
  return report.fabrics.map(reportCounts).reduce(
    (a, b) => ({ checks: a.checks + b.checks, passed: a.passed + b.passed, warned: a.warned + b.warned, failed: a.failed + b.failed, errors: a.errors + b.errors, warnings: a.warnings + b.warnings }),
    region,
  );
}

export function formatRegionText(report: RegionVerifyReport, options: FormatOptions): string {
  const paint = (code: number, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const c = report.check;
  const status = c.status === 'pass' ? paint(32, 'PASS') : c.status === 'warn' ? paint(33, 'WARN') : paint(31, 'FAIL');
  const lines = [`clos verify region ${report.region}: ${report.fabrics.map((f) => f.fabric).join(', ')}`, '', `${status} ${c.title}  ${c.summary}`];
  for (const d of c.diagnostics) lines.push(formatDiagnostic(d, options).split('\n').map((l) => `     ${l}`).join('\n'));
  const out = [`${lines.join('\n')}\n`];
  for (const fabric of report.fabrics) out.push(`\n${formatTextReport(fabric, options)}`);
  out.push(`\n${regionSummaryLine(report)}\n`);
  return out.join('');
}

export function formatRegionJson(report: RegionVerifyReport, root: string | undefined): string {
  const t = totals(report);
  const doc = {
    schema: regionVerifySchema,
    region: report.region,
    summary: t,
    check: { id: report.check.id, title: report.check.title, status: report.check.status, summary: report.check.summary, diagnostics: report.check.diagnostics.map((d) => diagnosticToJson(d, root)) },
    fabrics: report.fabrics.map((f) => jsonReport(f, root)),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function formatRegionJunit(report: RegionVerifyReport, root: string | undefined): string {
  const t = totals(report);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="clos verify ${xml(report.region)}" tests="${t.checks}" failures="${t.failed}" errors="0">`];
  out.push(...junitSuite(`clos verify region ${report.region}`, [report.check], root, 'clos.region'));
  for (const f of report.fabrics) out.push(...junitSuite(`clos verify ${f.fabric}`, f.checks, root));
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
