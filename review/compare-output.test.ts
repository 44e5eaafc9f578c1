import { describe, expect, it } from 'vitest';
import { compareOutput, formatComparison, isUpToDate, type FoundFile } from './compare-output.js';

const expected = [
  { path: 'leaf1/frr.conf', content: 'a\n', executable: false },
  { path: 'leaf1/interfaces.sh', content: '#!/bin/sh\n', executable: true },
  { path: 'manifest.json', content: '{}\n', executable: false },
];

describe('compareOutput', () => {
  it('finds a directory that matches up to date', () => {
    const found = new Map<string, FoundFile>(expected.map((e) => [e.path, { content: e.content, executable: e.executable }]));
    const c = compareOutput(expected, found);
    expect(isUpToDate(c)).toBe(true);
    expect(c.upToDate).toBe(3);
  });

  it('names stale, missing and extra files, and a lost executable bit', () => {
    const found = new Map<string, FoundFile>([
      ['leaf1/frr.conf', { content: 'b\n', executable: false }],
      ['leaf1/interfaces.sh', { content: '#!/bin/sh\n', executable: false }],
      ['leaf9/frr.conf', { content: 'x\n', executable: false }],
    ]);
    const c = compareOutput(expected, found);
    expect(isUpToDate(c)).toBe(false);
    expect(c.stale).toEqual([
      { path: 'leaf1/frr.conf', reason: 'content' },
      { path: 'leaf1/interfaces.sh', reason: 'mode' },
    ]);
    expect(c.missing).toEqual(['manifest.json']);
    expect(c.extra).toEqual(['leaf9/frr.conf']);
    expect(formatComparison(c)).toEqual([
      'stale    leaf1/frr.conf',
      'stale    leaf1/interfaces.sh (executable bit)',
      'extra    leaf9/frr.conf',
      'missing  manifest.json',
    ]);
  });

  it('compares content only where the file system has no executable bit', () => {
    const found = new Map<string, FoundFile>(expected.map((e) => [e.path, { content: e.content, executable: undefined }]));
    expect(isUpToDate(compareOutput(expected, found))).toBe(true);
  });
});
