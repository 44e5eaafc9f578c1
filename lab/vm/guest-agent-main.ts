/**
 * The agent's work (guest-agent.ts runs it; so does the bundled CLI's agent launcher,
 * dist/clos-guest-agent.cjs, cli/bundle.ts): loads the CLI's lab modules, then serves the host's
 * requests (agent-server.ts) on the guest's end of QEMU's forwarded port.
 */
import { readFileSync } from 'node:fs';
import type { Io } from '../../cli/io.js';
import { run } from '../../cli/run.js';
import { createAgentServer } from './agent-server.js';
import type { AgentConfig } from './guest-image.js';

function log(line: string): void {
  process.stdout.write(`clos-vm: agent: ${line} at ${readFileSync('/proc/uptime', 'utf8').split(' ')[0] ?? '?'} s\n`);
}

export async function runGuestAgent(configPath: string): Promise<void> {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as AgentConfig;
  log('started');

  // Load the lab's command modules now, not in the first request.
  const quiet: Io = { stdout: { write: () => undefined, isTTY: false }, stderr: { write: () => undefined, isTTY: false }, env: {}, cwd: '/' };
  await run(['lab', '--help'], quiet);
  await import('../up.js');
  await import('../test.js');
  log('lab modules loaded');

  const server = createAgentServer({ token: config.token, stateRoot: config.stateRoot, run });
  server.on('error', (e) => {
    log(`cannot listen: ${e.message}`);
    process.exit(1);
  });
  server.listen(config.port, config.address, () => {
    log(`listening on ${config.address}:${config.port}`);
  });
}
