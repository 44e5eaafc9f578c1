/**
 * The agent's server: the requests of agent-protocol.ts, answered. `clos` requests call the CLI's
 * `run` (in-process: the guest's node loads the CLI's modules once), with standard output and
 * error streamed back and files the command writes for the host sent as `file` frames; `spawn`
 * requests run a program, in a terminal of its own (`script`) when the host's is one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { Io } from '../../cli/io.js';
import { shellQuote } from '../exec.js';
import { encodeExit, encodeFrame, encodeJson, FrameDecoder, frameTypes, parseJson, type AgentRequest, type ControlMessage, type Frame } from './agent-protocol.js';

export interface AgentOptions {
  readonly token: string;
  /** The state root the guest's clos uses (CLOS_LAB_STATE_DIR). */
  readonly stateRoot: string;
  /** The CLI: cli/run.ts's run in the guest, a fake in tests. */
  readonly run: (argv: readonly string[], io: Io) => Promise<number>;
}

/** A server answering the host's requests; the caller listens. */
export function createAgentServer(options: AgentOptions): Server {
  const token = Buffer.from(options.token);
  const tokenMatches = (given: unknown): boolean => {
    if (typeof given !== 'string') return false;
    const b = Buffer.from(given);
    return b.length === token.length && timingSafeEqual(b, token);
  };
  return createServer((socket) => {
    serve(socket, tokenMatches, options);
  });
}

function serve(socket: Socket, tokenMatches: (given: unknown) => boolean, options: AgentOptions): void {
  const decoder = new FrameDecoder();
  let child: ChildProcess | undefined;
  let started = false;
  const send = (frame: Buffer): void => {
    if (!socket.destroyed) socket.write(frame);
  };
  const finish = (code: number): void => {
    send(encodeExit(code));
    socket.end();
  };
  socket.on('error', () => child?.kill('SIGHUP'));
  socket.on('close', () => child?.kill('SIGHUP'));
  socket.on('data', (chunk: Buffer) => {
    let frames: Frame[];
    try {
      frames = decoder.push(chunk);
    } catch (e) {
      socket.destroy(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    for (const frame of frames) {
      if (!started) {
        started = true;
        if (frame.type !== frameTypes.request) {
          refuse('the first frame must be a request');
          return;
        }
        const request = parseJson(frame) as AgentRequest;
        if (!tokenMatches(request.token)) {
          refuse('wrong token');
          return;
        }
        if (request.kind === 'ping') {
          finish(0);
          return;
        }
        if (request.kind === 'clos') {
          void runClos(request, send, options).then(finish, (e: unknown) => {
            send(encodeFrame(frameTypes.stderr, `clos: internal error in the lab VM's agent: ${e instanceof Error ? e.message : String(e)}\n`));
            finish(2);
          });
          continue;
        }
        if (request.kind === 'spawn') {
          child = spawnRequested(request, send, finish);
          continue;
        }
        refuse(`unknown request '${request.kind as string}'`);
        return;
      }
      if (frame.type === frameTypes.stdin) child?.stdin?.write(frame.payload);
      else if (frame.type === frameTypes.stdinEnd) child?.stdin?.end();
      else if (frame.type === frameTypes.control) {
        const message = parseJson(frame) as ControlMessage;
        if (message.signal !== undefined) child?.kill(message.signal);
      }
    }
  });
  function refuse(message: string): void {
    send(encodeJson(frameTypes.refused, { message }));
    socket.end();
  }
}

/** `clos <argv>` in this process, writing through the channel. */
async function runClos(request: AgentRequest, send: (frame: Buffer) => void, options: AgentOptions): Promise<number> {
  const io: Io = {
    stdout: { write: (t) => { send(encodeFrame(frameTypes.stdout, t)); }, isTTY: request.stdoutTTY },
    stderr: { write: (t) => { send(encodeFrame(frameTypes.stderr, t)); }, isTTY: request.stderrTTY },
    env: { ...request.env, CLOS_LAB_IN_VM: '1', CLOS_LAB_STATE_DIR: options.stateRoot },
    cwd: request.cwd,
    writeFile: (path, text) => { send(encodeJson(frameTypes.file, { path, text })); },
  };
  return options.run(request.argv, io);
}

/** A program, with pipes, or in a terminal of its own (`script`) when the host has one. */
function spawnRequested(request: AgentRequest, send: (frame: Buffer) => void, finish: (code: number) => void): ChildProcess {
  const [command, ...args] = request.argv;
  let program = command ?? 'true';
  let argv = args;
  if (request.terminal !== undefined) {
    const { rows, columns } = request.terminal;
    const inner = `stty rows ${rows} cols ${columns} 2>/dev/null; exec ${request.argv.map(shellQuote).join(' ')}`;
    program = 'script';
    argv = ['-q', '-f', '-e', '-c', inner, '/dev/null'];
  }
  const child = spawn(program, argv, { cwd: request.cwd, env: { ...process.env, ...request.env, TERM: request.env['TERM'] ?? 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => { send(encodeFrame(frameTypes.stdout, d)); });
  child.stderr.on('data', (d: Buffer) => { send(encodeFrame(frameTypes.stderr, d)); });
  child.stdin.on('error', () => undefined);
  if (request.stdin !== true) child.stdin.end();
  child.on('error', (e) => {
    send(encodeFrame(frameTypes.stderr, `clos: ${program}: ${e.message}\n`));
    finish(127);
  });
  child.on('close', (code, signal) => { finish(code ?? 128 + signalNumber(signal)); });
  return child;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
  return signal === null ? 0 : (numbers[signal] ?? 0);
}

