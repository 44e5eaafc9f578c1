/**
 * format: `file:line:col - error CODE: message`, related places and a hint; nothing from the intent
 * can move the cursor, fake a line or reorder text on the user's terminal.
 */
import { describe, expect, it } from 'vitest';
import { createDiagnostic } from './diagnostic.js';
import { LoadDiagnostics, SchemaDiagnostics } from './catalogue/index.js';
import { escapeControls, formatDiagnostic } from './format.js';

const span = { file: 'fabric.yaml', line: 3, col: 5, endLine: 3, endCol: 9 };

describe('formatDiagnostic', () => {
  it('prints the location, severity, code, message, related places and hint', () => {
    const d = createDiagnostic(
      SchemaDiagnostics.unknownKey,
      { span, hint: "did you mean 'mtu'?", related: [{ message: 'first here', span: { ...span, line: 1 } }] },
      'mtuu',
      'in fabric',
    );
    expect(formatDiagnostic(d, { color: false, root: 'intent' })).toBe(
      "intent/fabric.yaml:3:5 - error CLOS2001: unknown key 'mtuu' in fabric\n  intent/fabric.yaml:1:5: first here\n  hint: did you mean 'mtu'?",
    );
  });

  it('colours only when asked', () => {
    const d = createDiagnostic(LoadDiagnostics.emptyFile, { span });
    expect(formatDiagnostic(d, { color: false })).not.toContain('\u001b[');
    expect(formatDiagnostic(d, { color: true })).toContain('\u001b[33mwarning\u001b[0m');
  });

  it('escapes control and bidirectional characters in every part', () => {
    const evil = 'a\nfake.yaml:1:1 - error\u001b[2J\u202e';
    const d = createDiagnostic(
      SchemaDiagnostics.unknownKey,
      { span: { ...span, file: `x\n${evil}.yaml` }, hint: evil, related: [{ message: evil }], device: evil },
      evil,
      'in fabric',
    );
    const text = formatDiagnostic(d, { color: false });
    expect(text.split('\n')).toHaveLength(3);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
    expect(text).toContain('a\\nfake.yaml:1:1 - error\\u001b[2J\\u202e');
  });

  it('shows a code frame with the offending columns underlined', () => {
    const d = createDiagnostic(LoadDiagnostics.yamlSyntax, { span: { file: 'f.yaml', line: 2, col: 3, endLine: 2, endCol: 7 } }, 'x');
    const text = formatDiagnostic(d, { color: false, sources: new Map([['f.yaml', 'a: 1\r\nb:\tvlan\r\n']]) });
    expect(text.split('\n').slice(1)).toEqual(['  2 | b:→vlan', '    |   ~~~~']);
  });

  it('shows a window of a very long line, keeping the caret under the column', () => {
    const line = `${'x'.repeat(5000)}BAD${'y'.repeat(5000)}`;
    const d = createDiagnostic(LoadDiagnostics.yamlSyntax, { span: { file: 'f.yaml', line: 1, col: 5001, endLine: 1, endCol: 5004 } }, 'x');
    const [, frame, caret] = formatDiagnostic(d, { color: false, sources: new Map([['f.yaml', line]]) }).split('\n');
    expect((frame ?? '').length).toBeLessThan(200);
    expect((frame ?? '').indexOf('BAD')).toBe((caret ?? '').indexOf('~~~'));
  });
});

describe('escapeControls', () => {
  it('leaves ordinary text alone', () => {
    expect(escapeControls("unknown key 'mtuu' in fabric — é")).toBe("unknown key 'mtuu' in fabric — é");
  });

  it('escapes C0, C1, zero-width, line separators and bidi overrides', () => {
    expect(escapeControls('\t\n\r\u0000\u0085\u200b\u2028\u202e\u2066\ufeff')).toBe('\\t\\n\\u000d\\u0000\\u0085\\u200b\\u2028\\u202e\\u2066\\ufeff');
  });
});
