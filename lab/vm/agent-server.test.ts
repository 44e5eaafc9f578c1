/**
 * The agent and the host's client over a real TCP connection on the loopback: what the host sees
 * of a guest command (output, files, exit status), and what the agent refuses.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../cli/io.js';
import { callAgent, type AgentEndpoint } from './agent-client.js';
import { createAgentServer } from './agent-server.js';

const scratch = mkdtempSync(join(tmpdir(), 'clos-agent-'));
const seen: { argv: readonly string[]; env: Io['env']; cwd: string }[] = [];
const server = createAgentServer({
  token: 'right',
  stateRoot: '/run/clos-lab',
  run: async (argv, io) => {
    seen.push({ argv, env: io.env, cwd: io.cwd });
    io.stdout.write(`out ${argv.join(' ')}\n`);
    io.stderr.write(`err isTTY=${String(io.stderr.isTTY)}\n`);
    io.writeFile?.(join(io.cwd, 'report.xml'), '<testsuites/>\n');
    await Promise.resolve();
    return Number(argv[argv.length - 1]);
  },
});
let endpoint: AgentEndpoint;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = { port: (server.address() as AddressInfo).port, token: 'right' };
});
afterAll(() => {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
});

function collect(): { out: string[]; err: string[]; files: Map<string, string>; streams: Parameters<typeof callAgent>[2] } {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  return {
    out,
    err,
    files,
    streams: {
      stdout: { write: (d) => void out.push(d.toString()) },
      stderr: { write: (d) => void err.push(d.toString()) },
      writeFile: (path, text) => {
        files.set(path, text);
        writeFileSync(path, text);
      },
    },
  };
}

const base = { cwd: scratch, env: { NO_COLOR: '1' }, stdoutTTY: false, stderrTTY: true };

describe('the lab VM agent', () => {
  it('runs clos with the host argv, cwd and terminal, and passes output, files and the exit status back', async () => {
    for (const code of [0, 1, 2]) {
      const c = collect();
      const outcome = await callAgent(endpoint, { ...base, kind: 'clos', argv: ['lab', 'test', String(code)] }, c.streams);
      expect(outcome).toEqual({ code });
      expect(c.out.join('')).toBe(`out lab test ${code}\n`);
      expect(c.err.join('')).toBe('err isTTY=true\n');
      expect(readFileSync(join(scratch, 'report.xml'), 'utf8')).toBe('<testsuites/>\n');
    }
    // In the guest, clos knows where it runs and where the lab's state is.
    expect(seen[0]?.env).toEqual({ NO_COLOR: '1', CLOS_LAB_IN_VM: '1', CLOS_LAB_STATE_DIR: '/run/clos-lab' });
    expect(seen[0]?.cwd).toBe(scratch);
  });

  it('runs a program for lab exec: its output, its standard input, its exit status', async () => {
    const c = collect();
    expect(await callAgent(endpoint, { ...base, kind: 'spawn', argv: ['sh', '-c', 'echo to-out; echo to-err >&2; exit 7'] }, c.streams)).toEqual({ code: 7 });
    expect(c.out.join('')).toBe('to-out\n');
    expect(c.err.join('')).toBe('to-err\n');
    const { Readable } = await import('node:stream');
    const echo = collect();
    const outcome = await callAgent(endpoint, { ...base, kind: 'spawn', argv: ['cat'], stdin: true }, { ...echo.streams, stdin: Readable.from([Buffer.from('line 1\n'), Buffer.from('line 2\n')]) });
    expect(outcome).toEqual({ code: 0 });
    expect(echo.out.join('')).toBe('line 1\nline 2\n');
    const missing = collect();
    expect(await callAgent(endpoint, { ...base, kind: 'spawn', argv: ['/no/such/program'] }, missing.streams)).toEqual({ code: 127 });
  });

  it('answers a ping, and refuses a wrong token', async () => {
    expect(await callAgent(endpoint, { ...base, kind: 'ping', argv: [] }, collect().streams)).toEqual({ code: 0 });
    expect(await callAgent({ ...endpoint, token: 'wrong' }, { ...base, kind: 'clos', argv: ['lab', 'down', '0'] }, collect().streams)).toEqual({
      lost: 'the agent refused the request: wrong token',
      connected: true,
    });
  });

  it('says when nothing answers', async () => {
    const closed = createAgentServer({ token: 't', stateRoot: '/', run: () => Promise.resolve(0) });
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => { r(); }));
    const outcome = await callAgent({ port, token: 't' }, { ...base, kind: 'ping', argv: [] }, collect().streams);
    expect(outcome).toMatchObject({ connected: false });
  });

  it('gives up a request still running after its timeout, as a guest that stopped answering', async () => {
    let started = 0;
    const stuck = createAgentServer({ token: 't', stateRoot: '/', run: async (_argv, io) => {
      started++;
      io.stdout.write('started\n');
      return new Promise<number>(() => undefined);
    } });
    await new Promise<void>((r) => stuck.listen(0, '127.0.0.1', r));
    const port = (stuck.address() as AddressInfo).port;
    const c = collect();
    const t0 = Date.now();
    const outcome = await callAgent({ port, token: 't' }, { ...base, kind: 'clos', argv: ['lab', 'down'] }, c.streams, 300);
    expect(outcome).toEqual({ lost: 'no exit status within 0.3 s', connected: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(started).toBe(1);
    expect(c.out.join('')).toBe('started\n');
    stuck.close();
  });
});
