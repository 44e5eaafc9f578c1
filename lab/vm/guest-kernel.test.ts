import { describe, expect, it } from 'vitest';
import { isStaticElf, kernelVersionOf, missingModules } from './guest-kernel.js';
import { parseModuleIndex } from './kernel-modules.js';

/** A minimal ELF64 little-endian header with the given program header types. */
function elf(types: readonly number[]): Buffer {
  const phoff = 64;
  const b = Buffer.alloc(phoff + types.length * 56);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2; // 64-bit
  b[5] = 1; // little-endian
  b.writeBigUInt64LE(BigInt(phoff), 0x20);
  b.writeUInt16LE(56, 0x36);
  b.writeUInt16LE(types.length, 0x38);
  types.forEach((t, i) => b.writeUInt32LE(t, phoff + i * 56));
  return b;
}

describe('the guest kernel and busybox', () => {
  it('reads the version from the image name', () => {
    expect(kernelVersionOf('/boot/vmlinuz-6.1.0-57-amd64')).toBe('6.1.0-57-amd64');
    expect(kernelVersionOf('/boot/initrd.img-6.1.0-57-amd64')).toBeUndefined();
  });

  it('takes only a statically linked busybox: an initramfs has no C library', () => {
    expect(isStaticElf(elf([1, 1, 4]))).toBe(true); // LOAD, LOAD, NOTE
    expect(isStaticElf(elf([6, 3, 1]))).toBe(false); // PHDR, INTERP, LOAD
    expect(isStaticElf(Buffer.from('#!/bin/sh\n'))).toBe(false);
  });

  it("names what a kernel's modules lack for the lab", () => {
    const dep = ['9p', '9pnet_virtio', 'virtio_pci', 'overlay', 'vrf', '8021q', 'bridge', 'vxlan', 'veth', 'dummy', 'virtio_net'].map((m) => `kernel/x/${m}.ko:`).join('\n');
    expect(missingModules(parseModuleIndex(dep, 'kernel/drivers/net/bonding/bonding.ko\n'))).toEqual([]);
    expect(missingModules(parseModuleIndex(dep, ''))).toEqual(['bonding']);
  });
});
