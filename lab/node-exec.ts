/**
 * `clos lab exec <node> [command]`: what to run for a device, a server or a router outside the
 * fabric (a border's stand-in peer) of a lab. Its namespace, the command as given; no command opens
 * a shell; `vtysh` talks to the node's FRR (its path space, `-N`): a device's, a router's, or the
 * BGP agent of a server whose hosts speak BGP. Pure: the caller runs it, on the host or in the VM.
 */
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LabDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import type { LabState } from './state.js';
import { vtyshCommand } from './frr-install.js';

export interface NodeCommand {
  readonly namespace: string;
  /** The program and its arguments, run through `ip netns exec <namespace>`. */
  readonly argv: readonly string[];
}

export function nodeCommand(state: LabState, node: string, command: readonly string[], shell: string): NodeCommand | { readonly diagnostic: Diagnostic } {
  const given = command[0] === '--' ? command.slice(1) : command;
  const { plan } = state;
  const device = plan.devices.find((d) => d.name === node);
  const host = plan.hosts.find((h) => h.server === node);
  // A router outside the fabric runs FRR in its own namespace, which is also its path space; a
  // server whose hosts speak BGP runs its agent's FRR in the server's namespace, in a path space of its own.
  const router = plan.externalRouters.find((r) => r.router.name === node);
  const speaker = plan.hostSpeakers.find((h) => h.speaker.server === node);
  if (device === undefined && host === undefined && router === undefined) {
    const routers = plan.externalRouters.map((r) => r.router.name);
    const known = `devices: ${plan.devices.map((d) => d.name).join(', ')}; servers: ${plan.hosts.map((h) => h.server).join(', ') || 'none'}${routers.length > 0 ? `; routers outside the fabric: ${routers.join(', ')}` : ''}`;
    return { diagnostic: createDiagnostic(L.unknownNode, {}, node, state.lab, known) };
  }
  const namespace = device?.namespace ?? router?.namespace ?? host?.namespace ?? '';
  let argv = given.length === 0 ? [shell] : [...given];
  if (argv[0] === 'vtysh') {
    const pathspace = device?.namespace ?? router?.namespace ?? speaker?.pathspace;
    if (pathspace === undefined) return { diagnostic: createDiagnostic(L.vtyshOnServer, {}, node) };
    argv = vtyshCommand(['-N', pathspace, ...argv.slice(1)]).flat();
  }
  return { namespace, argv };
}

/** The whole command line: `ip netns exec <namespace> <argv>`. */
export function netnsExec(command: NodeCommand): string[] {
  return ['ip', 'netns', 'exec', command.namespace, ...command.argv];
}
