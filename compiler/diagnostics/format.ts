/**
 * Text and JSON forms of diagnostics. `file:line:col - error CODE: message`, as the TypeScript
 * compiler prints them, followed by related locations and a hint; optionally a code frame and
 * colour (the CLI decides: only on a terminal, never with NO_COLOR).
 */
import type { Diagnostic, Span } from './diagnostic.js';

export interface FormatOptions {
  readonly color: boolean;
  /** Prefix joined to every span's file (the intent root as the user typed it). */
  readonly root?: string;
  /** Source texts by file name, for code frames; omit for none. */
  readonly sources?: ReadonlyMap<string, string>;
}

const codes = { red: 31, yellow: 33, cyan: 36, grey: 90, bold: 1 } as const;

function paint(on: boolean, style: keyof typeof codes, text: string): string {
  return on ? `\u001b[${codes[style]}m${text}\u001b[0m` : text;
}

export function formatLocation(span: Span | undefined, root?: string): string {
  if (span === undefined) return '';
  const file = root === undefined || root === '' ? span.file : joinPath(root, span.file);
  return `${escapeControls(file)}:${span.line}:${span.col}`;
}

function joinPath(root: string, file: string): string {
  if (file === '') return root;
  if (root === '.' || root === './') return file;
  if (root.endsWith('/')) return root + file;
  return `${root}/${file}`;
}

export function formatDiagnostic(d: Diagnostic, options: FormatOptions): string {
  const c = options.color;
  const loc = formatLocation(d.span, options.root);
  const sev = d.severity === 'error' ? paint(c, 'red', 'error') : d.severity === 'warning' ? paint(c, 'yellow', 'warning') : paint(c, 'cyan', 'info');
  const device = d.device !== undefined && !d.message.includes(`'${d.device}'`) ? ` [${escapeControls(d.device)}]` : '';
  const lines = [`${loc === '' ? '' : `${paint(c, 'cyan', loc)} - `}${sev} ${paint(c, 'grey', d.code)}: ${escapeControls(d.message)}${device}`];
  const frame = d.span !== undefined ? codeFrame(d.span, options) : undefined;
  if (frame !== undefined) lines.push(frame);
  for (const r of d.related) {
    const rloc = formatLocation(r.span, options.root);
    lines.push(`  ${rloc === '' ? '' : `${paint(c, 'cyan', rloc)}: `}${escapeControls(r.message)}`);
  }
  if (d.hint !== undefined) lines.push(`  ${paint(c, 'bold', 'hint')}: ${escapeControls(d.hint)}`);
  return lines.join('\n');
}

function codeFrame(span: Span, options: FormatOptions): string | undefined {
  const text = options.sources?.get(span.file);
  if (text === undefined) return undefined;
  const lineText = nthLine(text, span.line);
  if (lineText === undefined) return undefined;
  const gutter = String(span.line);
  // A long line (minified YAML, a hostile file) is shown as a window around the column.
  const start = span.col - 1 > frameWidth / 2 ? span.col - 1 - Math.floor(frameWidth / 4) : 0;
  const shown = lineText.slice(start, start + frameWidth);
  const prefix = start > 0 ? '…' : '';
  const suffix = start + frameWidth < lineText.length ? '…' : '';
  const width = span.endLine === span.line ? Math.max(1, span.endCol - span.col) : Math.max(1, lineText.length - span.col + 1);
  const caretStart = span.col - 1 - start + prefix.length;
  const caret = ' '.repeat(Math.max(0, caretStart)) + paint(options.color, 'red', '~'.repeat(Math.max(1, Math.min(width, shown.length + prefix.length - caretStart))));
  const pad = ' '.repeat(gutter.length);
  return `  ${paint(options.color, 'grey', gutter + ' |')} ${prefix}${escapeControls(shown, true)}${suffix}\n  ${paint(options.color, 'grey', pad + ' |')} ${caret}`;
}

/** Widest stretch of a source line a code frame shows. */
const frameWidth = 160;

/**
 * Keeps hostile input from moving the cursor, faking lines or reordering text on the user's
 * terminal: C0/C1 controls, bidirectional overrides, zero-width and line-separator characters are
 * shown as escapes. `sameWidth` keeps a code frame's columns aligned (one character per character).
 */
export function escapeControls(text: string, sameWidth = false): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (ch) => {
    if (sameWidth) return ch === '\t' ? '→' : '?';
    if (ch === '\t') return '\\t';
    if (ch === '\n') return '\\n';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function nthLine(text: string, n: number): string | undefined {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
}

export interface DiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
  /** Information diagnostics; present only when there are some. */
  readonly information?: number;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  let errors = 0;
  let warnings = 0;
  let information = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else information++;
  }
  return information === 0 ? { errors, warnings } : { errors, warnings, information };
}

export function formatSummary(counts: DiagnosticCounts): string {
  const parts: string[] = [];
  parts.push(`${counts.errors} error${counts.errors === 1 ? '' : 's'}`);
  parts.push(`${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}`);
  const notes = counts.information ?? 0;
  return `Found ${parts.join(' and ')}${notes === 0 ? '' : `; ${notes} information note${notes === 1 ? '' : 's'}`}.`;
}

/** JSON form: the diagnostic with its file path joined to the root. */
export function diagnosticToJson(d: Diagnostic, root?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { code: d.code, severity: d.severity, message: d.message };
  if (d.span !== undefined) out['location'] = { ...d.span, file: root === undefined ? d.span.file : joinPath(root, d.span.file) };
  if (d.device !== undefined) out['device'] = d.device;
  if (d.related.length > 0) {
    out['related'] = d.related.map((r) =>
      r.span === undefined ? { message: r.message } : { message: r.message, location: { ...r.span, file: root === undefined ? r.span.file : joinPath(root, r.span.file) } },
    );
  }
  if (d.hint !== undefined) out['hint'] = d.hint;
  return out;
}
