import { describe, expect, it } from 'vitest';
import { directoryMode, fileMode, readCpio, symlinkMode, writeCpio } from './cpio.js';

describe('newc cpio', () => {
  it('writes the header, name and data of each entry, padded to 4 bytes, and a trailer', () => {
    const archive = writeCpio([{ path: 'init', mode: fileMode | 0o755, data: Buffer.from('#!/bin/sh\n') }]);
    const text = archive.toString('latin1');
    // magic, ino 1, mode 100755, uid 0, gid 0, nlink 1, mtime 0, size 10, dev 0/0, rdev 0/0, namesize 5, check 0
    expect(text.slice(0, 110)).toBe(`070701${['1', '81ed', '0', '0', '1', '0', 'a', '0', '0', '0', '0', '5', '0'].map((h) => h.padStart(8, '0')).join('')}`);
    expect(text.slice(110, 115)).toBe('init\0');
    expect(text.slice(116, 126)).toBe('#!/bin/sh\n'); // 110 + 5 = 115, padded to 116
    expect(text).toContain('TRAILER!!!\0');
    expect(archive.length % 4).toBe(0);
  });

  it('reads back what it wrote: files, directories, links, empty and odd-sized data', () => {
    const entries = [
      { path: 'bin', mode: directoryMode | 0o755 },
      { path: 'bin/busybox', mode: fileMode | 0o755, data: Buffer.from([1, 2, 3]) },
      { path: 'bin/sh', mode: symlinkMode | 0o777, data: Buffer.from('busybox') },
      { path: 'empty', mode: fileMode | 0o644, data: Buffer.alloc(0) },
      { path: 'lib/modules/9p.ko', mode: fileMode | 0o644, data: Buffer.alloc(4097, 7) },
    ];
    expect(readCpio(writeCpio(entries))).toEqual(entries);
  });

  it('refuses absolute paths: the kernel unpacks relative to its root', () => {
    expect(() => writeCpio([{ path: '/init', mode: fileMode }])).toThrow(/relative/);
  });
});
