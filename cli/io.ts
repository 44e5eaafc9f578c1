/** The process as the CLI sees it: injected, so tests run commands in-process. */
export interface Stream {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface Io {
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /**
   * Writes a file a command was asked to write (`clos lab test --output`). Unset: the command
   * writes it itself. In the lab's VM the agent sets it, so the file lands on the host.
   */
  readonly writeFile?: (path: string, text: string) => void;
  /**
   * The process's standard input, for a command that hands its terminal to a program (`clos lab
   * exec`); unset when the CLI runs inside something else (tests, the lab VM's agent).
   */
  readonly stdin?: () => NodeJS.ReadStream;
}

export function nodeIo(): Io {
  const stdout = readerGoneIsQuiet(process.stdout);
  const stderr = readerGoneIsQuiet(process.stderr);
  return {
    stdout: {
      write: (t) => {
        if (!stdout.gone) process.stdout.write(t);
      },
      isTTY: process.stdout.isTTY,
    },
    stderr: {
      write: (t) => {
        if (!stderr.gone) process.stderr.write(t);
      },
      isTTY: process.stderr.isTTY,
    },
    env: process.env,
    cwd: process.cwd(),
    stdin: () => process.stdin,
  };
}

const watched = new Map<NodeJS.WriteStream, { gone: boolean }>();

/**
 * A pipe whose reader has gone (`clos diff … | head`): what is left to write is dropped, and the
 * command finishes with its own exit status, instead of Node's unhandled EPIPE error and stack
 * trace. Any other write error is thrown as before.
 */
function readerGoneIsQuiet(stream: NodeJS.WriteStream): { gone: boolean } {
  const known = watched.get(stream);
  if (known !== undefined) return known;
  const state = { gone: false };
  watched.set(stream, state);
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    state.gone = true;
  });
  return state;
}

/** Colour only on a terminal, never with NO_COLOR set (https://no-color.org). */
export function useColor(io: Io, stream: Stream): boolean {
  const noColor = io.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return stream.isTTY;
}

/** Collects output in memory, for tests. */
export function memoryIo(options: { env?: Record<string, string>; cwd?: string; tty?: boolean } = {}): Io & { out(): string; err(): string } {
  let out = '';
  let err = '';
  const tty = options.tty ?? false;
  return {
    stdout: { write: (t) => void (out += t), isTTY: tty },
    stderr: { write: (t) => void (err += t), isTTY: tty },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}
