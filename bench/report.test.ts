import { describe, expect, it } from 'vitest';
import { formatAbsentStages, formatTable, megabytes, seconds, type SizeResult } from './report.js';

const result: SizeResult = {
  label: '2x8',
  stats: {
    spines: 2,
    leaves: 8,
    pods: 3,
    tenants: 2,
    vrfs: 4,
    networks: 40,
    sharedNetworks: 10,
    minNetworksPerLeaf: 20,
    maxNetworksPerLeaf: 20,
    networkPlacements: 160,
    servers: 48,
    dualHomedServers: 16,
    serverPorts: 64,
    externalSessions: 8,
    hostNetworks: 2,
    intentChars: 17000,
  },
  files: 31,
  outputBytes: 512_000,
  timings: { load: 120, resolve: 20, build: 15, render: 80, write: 6 },
  wallMs: 310,
  cpuMs: 290,
  maxRssKb: 80_000,
  runs: 1,
};

describe('formatTable', () => {
  it('prints a Markdown row per fabric with a column per pipeline stage, absent stages as —', () => {
    const lines = formatTable([result]).split('\n');
    expect(lines).toHaveLength(3);
    const cells = (line: string | undefined): string[] => (line ?? '').split('|').slice(1, -1).map((c) => c.trim());
    expect(cells(lines[0])).toEqual(['fabric', 'devices', 'networks', 'nets/leaf', 'server ports', 'dual-homed', 'exits', 'host-BGP nets', 'files', 'output', 'load', 'resolve', 'build', 'verify', 'render', 'write', 'total', 'CPU', 'peak RSS']);
    expect(lines[1]).toMatch(/^\|-+\|-+:\|/);
    expect(cells(lines[2])).toEqual(['2 × 8', '10', '40', '20', '64', '16', '8', '2', '31', '0.5 MB', '0.12 s', '0.02 s', '0.01 s', '—', '0.08 s', '6.0 ms', '**0.31 s**', '0.29 s', '82 MB']);
  });

  it('notes a stage column only when it shows —', () => {
    expect(formatAbsentStages([result])).toEqual(['verify: — the stage did not run in these compiles.']);
    const verified: SizeResult = { ...result, timings: { ...result.timings, verify: 30 } };
    expect(formatAbsentStages([verified])).toEqual([]);
    expect(formatAbsentStages([verified, result])).toEqual(['verify: — the stage did not run in some of these compiles.']);
  });

  it('formats units', () => {
    expect(seconds(4.25)).toBe('4.3 ms');
    expect(seconds(4250)).toBe('4.25 s');
    expect(megabytes(1_610_000_000)).toBe('1.61 GB');
    expect(megabytes(620_000_000)).toBe('620 MB');
  });
});
