/**
 * The channel between `clos` on the host and the agent in the lab's VM: a TCP connection (QEMU
 * forwards a loopback port of the host to the guest), carrying frames of one type byte, a 32-bit
 * big-endian length and the payload. The host opens one connection per command: a `request`
 * frame first (with the VM's secret token), then standard input if the command reads it; the
 * agent answers with `stdout`/`stderr` frames as the command writes, `file` frames for files the
 * command writes on the host's behalf (`--output`), and one `exit` frame with the exit status.
 * Pure: encoding and incremental decoding only.
 */

export const frameTypes = {
  request: 1,
  stdin: 2,
  stdinEnd: 3,
  stdout: 4,
  stderr: 5,
  file: 6,
  exit: 7,
  /** The agent refuses the request (bad token, unknown kind); JSON { message }. */
  refused: 8,
  /** Host → agent while a command runs: a signal to pass on, or the terminal's new size. */
  control: 9,
} as const;

export type FrameType = (typeof frameTypes)[keyof typeof frameTypes];

export interface Frame {
  readonly type: FrameType;
  readonly payload: Buffer;
}

/**
 * What the host asks for. `clos`: run `clos <argv>` inside the guest, exactly as the host would;
 * `spawn`: run a program (argv[0]) directly, for `clos lab exec`; `ping`: answer, to learn the
 * agent is up; `poweroff`: stop the guest.
 */
export interface AgentRequest {
  readonly token: string;
  readonly kind: 'clos' | 'spawn' | 'ping' | 'poweroff';
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Whether the host's stdout and stderr are terminals (colour, progress lines). */
  readonly stdoutTTY: boolean;
  readonly stderrTTY: boolean;
  /** For `spawn`: give the program a terminal of this size (the host's stdin is one). */
  readonly terminal?: { readonly rows: number; readonly columns: number };
  /** For `spawn`: the host will send standard input frames. */
  readonly stdin?: boolean;
}

export interface ControlMessage {
  readonly signal?: 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'SIGQUIT';
  readonly resize?: { readonly rows: number; readonly columns: number };
}

/** Longest frame accepted: a file written for the host is the largest thing sent. */
export const maxFrame = 256 * 1024 * 1024;

export function encodeFrame(type: FrameType, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  if (body.length > maxFrame) throw new Error(`frame of ${body.length} bytes exceeds ${maxFrame}`);
  const head = Buffer.alloc(5);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

export function encodeJson(type: FrameType, value: unknown): Buffer {
  return encodeFrame(type, JSON.stringify(value));
}

export function encodeExit(code: number): Buffer {
  return encodeJson(frameTypes.exit, { code });
}

/** Reads the exit status from an `exit` frame; anything malformed is a failure (2, as a bug). */
export function decodeExit(frame: Frame): number {
  try {
    const value = JSON.parse(frame.payload.toString('utf8')) as { code?: unknown };
    return typeof value.code === 'number' && Number.isInteger(value.code) && value.code >= 0 && value.code <= 255 ? value.code : 2;
  } catch {
    return 2;
  }
}

const knownTypes = new Set<number>(Object.values(frameTypes));

/** Splits a byte stream into frames, whatever the chunk boundaries. */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    while (this.buffer.length >= 5) {
      const type = this.buffer.readUInt8(0);
      const length = this.buffer.readUInt32BE(1);
      if (!knownTypes.has(type)) throw new Error(`unknown frame type ${type}`);
      if (length > maxFrame) throw new Error(`frame of ${length} bytes exceeds ${maxFrame}`);
      if (this.buffer.length < 5 + length) break;
      frames.push({ type: type as FrameType, payload: Buffer.from(this.buffer.subarray(5, 5 + length)) });
      this.buffer = this.buffer.subarray(5 + length);
    }
    return frames;
  }

  /** Bytes received that do not yet make a whole frame. */
  get pending(): number {
    return this.buffer.length;
  }
}

/** A JSON frame's value, for the caller to check or cast. */
export function parseJson(frame: Frame): unknown {
  return JSON.parse(frame.payload.toString('utf8'));
}
