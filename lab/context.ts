/** What every lab operation is given: how to run programs, where state lives, how to report progress. */
import { availableParallelism } from 'node:os';
import type { Runner } from './exec.js';
import type { NeighbourTable } from './neighbours.js';
import type { PingTimings } from './ping.js';
import { StateStore } from './state.js';

export interface LabContext {
  readonly run: Runner;
  readonly store: StateStore;
  /** Progress lines for a human (stderr); never parsed. */
  readonly progress: (line: string) => void;
  /** How many programs the lab runs at once. */
  readonly jobs: number;
  readonly now: () => number;
  /** The kernel's ARP table, shared by every namespace: probes wait for room in it. */
  readonly neighbours?: NeighbourTable;
  /** How long pings wait (default defaultPingTimings; longer in a VM without KVM). */
  readonly pingTimings?: PingTimings;
}

/** Twice the cores, at least 2, at most 16: starting processes is mostly waiting on the kernel. */
export function defaultJobs(): number {
  return Math.max(2, Math.min(16, availableParallelism() * 2));
}

export function createStore(root: string): StateStore {
  return new StateStore(root);
}
