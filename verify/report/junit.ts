/**
 * The JUnit XML report for CI dashboards: one test suite per fabric, one test case per check; a
 * failing check carries one `<failure>` whose text lists its errors, warnings and information go to
 * `<system-out>`.
 */
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { formatDiagnostic, type FormatOptions } from '../../compiler/diagnostics/format.js';
import type { CheckResult, VerifyReport } from '../types.js';
import { reportCounts } from './text.js';

/**
 * The JUnit XML for an input that could not be verified (it does not load, compile or read): one
 * failing test case with its errors, so that CI gets a report that says why rather than an empty
 * file. The diagnostics are printed on stderr as well.
 */
export function formatJunitInputFailure(input: string, diagnostics: readonly Diagnostic[], root: string | undefined): string {
  const options = root === undefined ? { color: false } : { color: false, root };
  return junitDocument(1, 1, [
    `  <testsuite name="${xml(`clos verify ${input}`)}" tests="1" failures="1" errors="0" skipped="0">`,
    `    <testcase classname="clos.verify.input" name="0 Input">`,
    failureElement(diagnostics.filter((d) => d.severity === 'error'), diagnostics, options),
    '    </testcase>',
    '  </testsuite>',
  ]);
}

export function formatJunitReport(report: VerifyReport, root: string | undefined): string {
  const n = reportCounts(report);
  return junitDocument(n.checks, n.failed, junitSuite(`clos verify ${report.fabric}`, report.checks, root));
}

function junitDocument(tests: number, failures: number, suites: readonly string[]): string {
  return `${['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="clos verify" tests="${tests}" failures="${failures}" errors="0">`, ...suites, '</testsuites>'].join('\n')}\n`;
}

/** A test case's `<failure>`: its message and type from the first error, its text the diagnostics `shown`. */
function failureElement(errors: readonly Diagnostic[], shown: readonly Diagnostic[], options: FormatOptions): string {
  const first = errors[0];
  const message = `${errors.length} error${errors.length === 1 ? '' : 's'}: ${first?.message ?? ''}`;
  return `      <failure message="${xml(message)}" type="${xml(first?.code ?? '')}">${xml(shown.map((d) => formatDiagnostic(d, options)).join('\n'))}</failure>`;
}

/** One `<testsuite>` of checks, one test case each (a region's report has one suite per fabric). */
export function junitSuite(suite: string, checks: readonly (Omit<CheckResult, 'id'> & { readonly id: string })[], root: string | undefined, classPrefix = 'clos.verify'): string[] {
  const options = root === undefined ? { color: false } : { color: false, root };
  const failed = checks.filter((c) => c.status === 'fail').length;
  const out: string[] = [];
  out.push(`  <testsuite name="${xml(suite)}" tests="${checks.length}" failures="${failed}" errors="0" skipped="0">`);
  for (const c of checks) {
    out.push(`    <testcase classname="${xml(classPrefix)}.${xml(c.id)}" name="${c.number} ${xml(c.title)}">`);
    const errors = c.diagnostics.filter((d) => d.severity === 'error');
    const warnings = c.diagnostics.filter((d) => d.severity !== 'error');
    if (errors.length > 0) out.push(failureElement(errors, errors, options));
    const text = [c.summary, ...c.notes.map((n) => `note: ${n}`), ...warnings.map((d) => formatDiagnostic(d, options))].join('\n');
    out.push(`      <system-out>${xml(text)}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  return out;
}

export function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 has no place for most control characters, even escaped.
     
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
