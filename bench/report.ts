/** The benchmark's table: one row per fabric, one column per pipeline stage, Markdown. */
import { pipelineStages, type StageTimings } from '../compiler/stages.js';
import type { GeneratedStats } from './generate-intent.js';

export interface SizeResult {
  readonly label: string;
  readonly stats: GeneratedStats;
  readonly files: number;
  readonly outputBytes: number;
  readonly timings: StageTimings;
  /** Process start to exit, measured by the parent. */
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssKb: number;
  readonly runs: number;
}

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when the benchmark started. */
  readonly load: number;
}

export function formatTable(results: readonly SizeResult[]): string {
  const head = ['fabric', 'devices', 'networks', 'nets/leaf', 'server ports', 'dual-homed', 'exits', 'host-BGP nets', 'files', 'output', ...pipelineStages, 'total', 'CPU', 'peak RSS'];
  const rows = results.map((r) => [
    r.label.replace('x', ' × '),
    count(r.stats.spines + r.stats.leaves),
    count(r.stats.networks),
    r.stats.minNetworksPerLeaf === r.stats.maxNetworksPerLeaf ? String(r.stats.maxNetworksPerLeaf) : `${r.stats.minNetworksPerLeaf}–${r.stats.maxNetworksPerLeaf}`,
    count(r.stats.serverPorts),
    count(r.stats.dualHomedServers),
    count(r.stats.externalSessions),
    count(r.stats.hostNetworks),
    count(r.files),
    megabytes(r.outputBytes),
    ...pipelineStages.map((stage) => {
      const ms = r.timings[stage];
      return ms === undefined ? '—' : seconds(ms);
    }),
    `**${seconds(r.wallMs)}**`,
    seconds(r.cpuMs),
    megabytes(r.maxRssKb * 1024),
  ]);
  const right = head.map((_, i) => i > 0);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (right[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right[i] === true ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** A note under the table for each stage column that shows '—' (a stage that did not run); none when every stage ran. */
export function formatAbsentStages(results: readonly SizeResult[]): string[] {
  return pipelineStages
    .filter((stage) => results.some((r) => r.timings[stage] === undefined))
    .map((stage) => `${stage}: — the stage did not run in ${results.every((r) => r.timings[stage] === undefined) ? 'these compiles' : 'some of these compiles'}.`);
}

export function formatMachine(m: Machine, runs: number, seed: number): string {
  return `${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; best of ${runs} run${runs === 1 ? '' : 's'} per fabric; seed ${seed}; load average ${m.load.toFixed(2)} at start`;
}

export function seconds(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function megabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(bytes >= 1e7 ? 0 : 1)} MB`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
