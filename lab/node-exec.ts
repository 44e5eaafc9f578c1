/**
 * `clos lab exec <node> [command]`: what to run for a device or server of a lab. A device's or
 * server's namespace, the command as given; no command opens a shell; `vtysh` on a device talks to
 * that device's FRR (its path space, `-N`). Pure: the caller runs it, on the host or in the VM.
 */
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LabDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import type { LabState } from './state.js';

export interface NodeCommand {
  readonly namespace: string;
  /** The program and its arguments, run through `ip netns exec <namespace>`. */
  readonly argv: readonly string[];
}

export function nodeCommand(state: LabState, node: string, command: readonly string[], shell: string): NodeCommand | { readonly diagnostic: Diagnostic } {
  const given = command[0] === '--' ? command.slice(1) : command;
  const device = state.plan.devices.find((d) => d.name === node);
  const host = state.plan.hosts.find((h) => h.server === node);
  if (device === undefined && host === undefined) {
    const known = `devices: ${state.plan.devices.map((d) => d.name).join(', ')}; servers: ${state.plan.hosts.map((h) => h.server).join(', ') || 'none'}`;
    return { diagnostic: createDiagnostic(L.unknownNode, {}, node, state.lab, known) };
  }
  const namespace = device?.namespace ?? host?.namespace ?? '';
  let argv = given.length === 0 ? [shell] : [...given];
  if (argv[0] === 'vtysh') {
    if (device === undefined) return { diagnostic: createDiagnostic(L.vtyshOnServer, {}, node) };
    argv = ['vtysh', '-N', namespace, ...argv.slice(1)];
  }
  return { namespace, argv };
}

/** The whole command line: `ip netns exec <namespace> <argv>`. */
export function netnsExec(command: NodeCommand): string[] {
  return ['ip', 'netns', 'exec', command.namespace, ...command.argv];
}
