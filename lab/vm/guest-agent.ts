/**
 * The agent in the lab's VM, started by the guest's init (`node guest-agent.js <config>`): loads
 * the CLI's lab modules, then serves the host's requests (agent-server.ts) on the guest's end of
 * QEMU's forwarded port.
 */
import { runGuestAgent } from './guest-agent-main.js';

await runGuestAgent(process.argv[2] ?? '');
