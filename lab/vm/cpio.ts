/**
 * A `newc` cpio archive, the format the kernel unpacks as an initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst): per entry a 110-byte ASCII header
 * of hexadecimal fields, the NUL-terminated name, the data, each padded to 4 bytes; a
 * `TRAILER!!!` entry ends it. Written here so booting the lab's VM needs no cpio program.
 */

export interface CpioEntry {
  /** Path inside the archive, without a leading slash: `bin/busybox`. */
  readonly path: string;
  /** File type and permission bits, e.g. 0o100755 for an executable, 0o040755 for a directory. */
  readonly mode: number;
  /** File content; for a symbolic link, its target. Directories have none. */
  readonly data?: Buffer;
}

export const fileMode = 0o100000;
export const directoryMode = 0o040000;
export const symlinkMode = 0o120000;

const magic = '070701';

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function pad4(length: number): number {
  return (4 - (length % 4)) % 4;
}

function header(ino: number, mode: number, nlink: number, size: number, nameSize: number): string {
  // ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
  return magic + [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, nameSize, 0].map(hex).join('');
}

/** The archive of the entries, in the order given (parents must come before their children). */
export function writeCpio(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  const push = (b: Buffer): void => {
    parts.push(b);
    offset += b.length;
  };
  const entry = (ino: number, mode: number, name: string, data: Buffer): void => {
    const nameBytes = Buffer.from(`${name}\0`, 'utf8');
    const isDir = (mode & 0o170000) === directoryMode;
    push(Buffer.from(header(ino, mode, isDir ? 2 : 1, data.length, nameBytes.length), 'ascii'));
    push(nameBytes);
    push(Buffer.alloc(pad4(offset)));
    push(data);
    push(Buffer.alloc(pad4(offset)));
  };
  entries.forEach((e, i) => {
    if (e.path.startsWith('/') || e.path === '') throw new Error(`cpio path must be relative: '${e.path}'`);
    entry(i + 1, e.mode, e.path, e.data ?? Buffer.alloc(0));
  });
  entry(0, 0, 'TRAILER!!!', Buffer.alloc(0));
  return Buffer.concat(parts);
}

/** Reads a newc archive back (for tests and for checking what an initramfs holds). */
export function readCpio(archive: Buffer): CpioEntry[] {
  const out: CpioEntry[] = [];
  let at = 0;
  for (;;) {
    const h = archive.toString('ascii', at, at + 110);
    if (!h.startsWith(magic)) throw new Error(`not a newc cpio header at byte ${at}`);
    const field = (i: number): number => parseInt(h.slice(6 + i * 8, 14 + i * 8), 16);
    const mode = field(1);
    const size = field(6);
    const nameSize = field(11);
    at += 110;
    const name = archive.toString('utf8', at, at + nameSize - 1);
    at += nameSize;
    at += pad4(at);
    const data = archive.subarray(at, at + size);
    at += size;
    at += pad4(at);
    if (name === 'TRAILER!!!') return out;
    out.push((mode & 0o170000) === directoryMode ? { path: name, mode } : { path: name, mode, data: Buffer.from(data) });
  }
}
