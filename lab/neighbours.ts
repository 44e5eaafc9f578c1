/**
 * The kernel's ARP table is one table for every network namespace, with machine-wide limits
 * (net.ipv4.neigh.default.gc_thresh2/3: 512 and 1024 by default). Every ping between two lab hosts
 * adds an entry on both; above gc_thresh2 the kernel frees entries, but only ones not updated for
 * 5 s, so creating more than about gc_thresh3 - gc_thresh2 entries within 5 s overflows the table
 * ("neighbour: arp_cache: neighbor table overflow!") and ARP then fails for reasons that have
 * nothing to do with the fabric. The lab reads the table's counters (it never changes the
 * machine's settings) and paces new probes so that allocations stay well inside that window.
 */
import { readFileSync } from 'node:fs';
import { sleep } from './exec.js';

export interface ArpCacheStats {
  readonly entries: number;
  /** Entries created since boot, all CPUs. */
  readonly allocs: number;
  /** Times an entry could not be created because the table was full, since boot. */
  readonly tableFulls: number;
}

/** `/proc/net/stat/arp_cache`: one line per CPU; `entries` is the global count, the rest per CPU. */
export function parseArpCacheStats(text: string): ArpCacheStats | undefined {
  const [header, ...rows] = text.trim().split('\n');
  const columns = header?.trim().split(/\s+/) ?? [];
  const at = (name: string): number => columns.indexOf(name);
  if (at('entries') < 0 || at('allocs') < 0 || at('table_fulls') < 0 || rows.length === 0) return undefined;
  let entries = 0;
  let allocs = 0;
  let tableFulls = 0;
  for (const row of rows) {
    const fields = row.trim().split(/\s+/).map((f) => parseInt(f, 16));
    entries = fields[at('entries')] ?? entries;
    allocs += fields[at('allocs')] ?? 0;
    tableFulls += fields[at('table_fulls')] ?? 0;
  }
  return { entries, allocs, tableFulls };
}

export interface NeighbourTable {
  stats(): ArpCacheStats | undefined;
  /** Resolves when creating a few more entries cannot overflow the table (or after `maxWaitMs`). */
  waitForRoom(maxWaitMs?: number): Promise<void>;
}

const windowMs = 5000;

export function kernelNeighbourTable(now: () => number = Date.now): NeighbourTable {
  const sysctl = (name: string, fallback: number): number => {
    try {
      return Number(readFileSync(`/proc/sys/net/ipv4/neigh/default/${name}`, 'utf8').trim()) || fallback;
    } catch {
      return fallback;
    }
  };
  // Half the headroom: the other half is for probes in flight and whatever else runs here.
  const budget = Math.max(50, Math.floor((sysctl('gc_thresh3', 1024) - sysctl('gc_thresh2', 512)) / 2));
  const stats = (): ArpCacheStats | undefined => {
    try {
      return parseArpCacheStats(readFileSync('/proc/net/stat/arp_cache', 'utf8'));
    } catch {
      return undefined;
    }
  };
  const samples: { at: number; allocs: number }[] = [];
  return {
    stats,
    waitForRoom: async (maxWaitMs = 10_000) => {
      const start = now();
      for (;;) {
        const s = stats();
        if (s === undefined) return;
        const t = now();
        samples.push({ at: t, allocs: s.allocs });
        while (samples.length > 0 && (samples[0]?.at ?? t) < t - windowMs) samples.shift();
        const recent = s.allocs - (samples[0]?.allocs ?? s.allocs);
        if (recent < budget || t - start >= maxWaitMs) return;
        await sleep(200);
      }
    },
  };
}
