/**
 * The host's side of the channel to the lab VM's agent: one connection per request, standard
 * output and error written as they arrive, files written on the host, the exit status returned.
 */
import { connect } from 'node:net';
import { decodeExit, encodeFrame, encodeJson, FrameDecoder, frameTypes, parseJson, type AgentRequest, type ControlMessage } from './agent-protocol.js';

export interface AgentEndpoint {
  readonly port: number;
  readonly token: string;
}

export interface AgentStreams {
  readonly stdout: { write(data: string | Buffer): void };
  readonly stderr: { write(data: string | Buffer): void };
  readonly writeFile: (path: string, text: string) => void;
  /** Standard input to send (for `spawn` requests that read it). */
  readonly stdin?: NodeJS.ReadableStream;
  /** Called with a function that passes a control message on while the request runs. */
  readonly onControl?: (send: (message: ControlMessage) => void) => void;
}

/** How a request ended: the command's exit status, or why there is none. */
export type AgentOutcome = { readonly code: number } | { readonly lost: string; readonly connected: boolean };

/**
 * Sends one request and waits for its exit status. With `timeoutMs`, a request still running then
 * is given up (the connection closed) and reported lost: for requests that must end even when
 * the guest has stopped answering, such as `lab down`, after which the VM is stopped anyway.
 */
export function callAgent(endpoint: AgentEndpoint, request: Omit<AgentRequest, 'token'>, streams: AgentStreams, timeoutMs?: number): Promise<AgentOutcome> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port: endpoint.port });
    const decoder = new FrameDecoder();
    let outcome: AgentOutcome | undefined;
    let connected = false;
    let answered = false;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
      settle({ lost: `no exit status within ${timeoutMs / 1000} s`, connected: connected && answered });
      socket.destroy();
    }, timeoutMs);
    const settle = (o: AgentOutcome): void => {
      if (outcome !== undefined) return;
      outcome = o;
      if (timer !== undefined) clearTimeout(timer);
      resolvePromise(o);
    };
    socket.on('connect', () => {
      connected = true;
      socket.write(encodeJson(frameTypes.request, { ...request, token: endpoint.token }));
      if (streams.stdin !== undefined) {
        streams.stdin.on('data', (d: Buffer | string) => socket.write(encodeFrame(frameTypes.stdin, typeof d === 'string' ? Buffer.from(d) : d)));
        streams.stdin.on('end', () => socket.write(encodeFrame(frameTypes.stdinEnd, '')));
      }
      streams.onControl?.((message) => {
        if (!socket.destroyed) socket.write(encodeJson(frameTypes.control, message));
      });
    });
    socket.on('data', (chunk: Buffer) => {
      // The agent answers only once it has read a whole request: a connection QEMU accepted for a
      // guest whose agent is not listening yet is closed without a byte.
      answered = true;
      try {
        for (const frame of decoder.push(chunk)) {
          if (frame.type === frameTypes.stdout) streams.stdout.write(frame.payload);
          else if (frame.type === frameTypes.stderr) streams.stderr.write(frame.payload);
          else if (frame.type === frameTypes.file) {
            const file = parseJson(frame) as { path: string; text: string };
            streams.writeFile(file.path, file.text);
          } else if (frame.type === frameTypes.exit) settle({ code: decodeExit(frame) });
          else if (frame.type === frameTypes.refused) settle({ lost: `the agent refused the request: ${(parseJson(frame) as { message: string }).message}`, connected: true });
        }
      } catch (e) {
        settle({ lost: e instanceof Error ? e.message : String(e), connected: true });
        socket.destroy();
      }
    });
    socket.on('error', (e) => { settle({ lost: e.message, connected }); });
    socket.on('close', () => { settle({ lost: answered ? 'the connection closed before the command ended' : 'the agent did not answer', connected: connected && answered }); });
  });
}
