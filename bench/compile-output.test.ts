import { describe, expect, it } from 'vitest';
import { unexpectedOutput } from './compile-output.js';

const json = (diagnostics: object[]): string => JSON.stringify({ result: {}, diagnostics });

describe("what the benchmark accepts from a generated fabric's compile", () => {
  it('accepts the stage lines and CLOS3147 warnings, nothing else', () => {
    expect(unexpectedOutput(json([{ code: 'CLOS3147', severity: 'warning', message: 'no room' }]), 'clos: load 0.2 s (total 0.2 s)\n')).toBe('');
    expect(unexpectedOutput(json([]), '')).toBe('');
    expect(unexpectedOutput(json([{ code: 'CLOS3147', severity: 'error', message: 'x' }]), '')).toBe('error CLOS3147: x');
    expect(unexpectedOutput(json([{ code: 'CLOS3129', severity: 'warning', message: 'overlap' }]), '')).toBe('warning CLOS3129: overlap');
    expect(unexpectedOutput(json([]), 'clos: load 0.2 s\nsomething else\n')).toBe('something else');
    expect(unexpectedOutput('not json', '')).toBe('not the JSON --json prints: not json');
  });
});
