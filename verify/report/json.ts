/** The JSON report: every check with its findings, every BGP neighbor with its status, the counts. */
import { diagnosticToJson } from '../../compiler/diagnostics/format.js';
import type { VerifyReport } from '../types.js';
import { reportCounts } from './text.js';

export function formatJsonReport(report: VerifyReport, root: string | undefined): string {
  return `${JSON.stringify(jsonReport(report, root), null, 2)}\n`;
}

/** The JSON report as a value (a region's report holds one per fabric). */
export function jsonReport(report: VerifyReport, root: string | undefined): Record<string, unknown> {
  return {
    fabric: report.fabric,
    settings: report.settings,
    devices: report.devices,
    method: report.method,
    summary: reportCounts(report),
    checks: report.checks.map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      status: c.status,
      summary: c.summary,
      notes: c.notes,
      ...(c.details === undefined ? {} : { details: c.details }),
      diagnostics: c.diagnostics.map((d) => diagnosticToJson(d, root)),
    })),
    sessions: report.sessions,
  };
}
