/**
 * The kernel the lab's VM boots: a distribution kernel from /boot (Debian's `linux-image-amd64`)
 * whose modules (/lib/modules/<version>) hold everything the guest needs — 9p and overlay to
 * mount the host's root, VRF, 802.1Q, bonding, bridge and VXLAN for the fabric — and the pieces
 * the initramfs is made of: a static busybox and the boot modules.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { compareNatural } from '../../compiler/shared/natural-order.js';
import { bootModules, labModules } from './guest-image.js';
import { hasModule, moduleLoadOrder, parseModuleIndex, type ModuleIndex } from './kernel-modules.js';

export interface GuestKernel {
  readonly version: string;
  /** The compressed kernel, /boot/vmlinuz-<version>. */
  readonly image: string;
  readonly modulesDir: string;
  readonly index: ModuleIndex;
}

export const bootDir = '/boot';
export const modulesRoot = '/lib/modules';

/** `vmlinuz-6.1.0-57-amd64` → `6.1.0-57-amd64`. */
export function kernelVersionOf(image: string): string | undefined {
  const base = image.slice(image.lastIndexOf('/') + 1);
  return /^vmlinuz-(.+)$/.exec(base)?.[1];
}

/** What the guest needs that a kernel's modules do not offer (empty: it can boot the lab). */
export function missingModules(index: ModuleIndex): string[] {
  return [...bootModules, ...labModules].filter((m) => !hasModule(index, m));
}

function readIndex(modulesDir: string): ModuleIndex | undefined {
  try {
    const dep = readFileSync(join(modulesDir, 'modules.dep'), 'utf8');
    const builtin = existsSync(join(modulesDir, 'modules.builtin')) ? readFileSync(join(modulesDir, 'modules.builtin'), 'utf8') : '';
    return parseModuleIndex(dep, builtin);
  } catch {
    return undefined;
  }
}

/**
 * The newest kernel in /boot that can run the lab, or why there is none. `CLOS_LAB_VM_KERNEL`
 * names one image instead.
 */
export function findGuestKernel(forced: string | undefined): GuestKernel | { readonly problem: string } {
  const images = forced !== undefined && forced !== '' ? [forced] : listImages();
  if (images.length === 0) return { problem: `no kernel in ${bootDir} (apt-get install --no-install-recommends linux-image-amd64)` };
  const problems: string[] = [];
  for (const image of images) {
    const version = kernelVersionOf(image);
    if (version === undefined) {
      problems.push(`${image}: not named vmlinuz-<version>`);
      continue;
    }
    const modulesDir = join(modulesRoot, version);
    const index = readIndex(modulesDir);
    if (index === undefined) {
      problems.push(`${image}: no ${modulesDir}/modules.dep`);
      continue;
    }
    const missing = missingModules(index);
    if (missing.length > 0) {
      problems.push(`${image}: its modules lack ${missing.join(', ')}`);
      continue;
    }
    return { version, image, modulesDir, index };
  }
  return { problem: `no kernel the lab can boot: ${problems.join('; ')} (apt-get install --no-install-recommends linux-image-amd64)` };
}

function listImages(): string[] {
  if (!existsSync(bootDir)) return [];
  return readdirSync(bootDir)
    .filter((n) => n.startsWith('vmlinuz-'))
    .sort((a, b) => compareNatural(b, a))
    .map((n) => join(bootDir, n));
}

/** The boot modules' files, dependencies first, keyed by module name; compressed ones unpacked. */
export function readBootModules(kernel: GuestKernel): { order: string[]; files: Map<string, Buffer> } {
  const order = moduleLoadOrder(kernel.index, bootModules);
  const files = new Map<string, Buffer>();
  for (const name of order) {
    const rel = kernel.index.paths.get(name);
    if (rel === undefined) throw new Error(`module ${name} has no file`);
    files.set(name, readModuleFile(join(kernel.modulesDir, rel)));
  }
  return { order, files };
}

function readModuleFile(path: string): Buffer {
  if (path.endsWith('.ko')) return readFileSync(path);
  const tool = path.endsWith('.xz') ? 'xz' : path.endsWith('.zst') ? 'zstd' : path.endsWith('.gz') ? 'gzip' : undefined;
  if (tool === undefined) throw new Error(`unknown module file ${path}`);
  const r = spawnSync(tool, ['-dc', path], { maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${tool} -dc ${path}: ${r.stderr.toString().trim() || `exit status ${String(r.status)}`}`);
  return r.stdout;
}

/** An executable on PATH, or undefined. */
export function findProgram(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of [...path.split(delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin']) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * True for an ELF executable without a program interpreter (statically linked), which runs in an
 * initramfs with no C library. Reads the ELF64 little-endian program headers for PT_INTERP.
 */
export function isStaticElf(file: Buffer): boolean {
  if (file.length < 64 || file.readUInt32BE(0) !== 0x7f454c46 || file[4] !== 2 || file[5] !== 1) return false;
  const phoff = Number(file.readBigUInt64LE(0x20));
  const phentsize = file.readUInt16LE(0x36);
  const phnum = file.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > file.length) return false;
    if (file.readUInt32LE(at) === 3) return false; // PT_INTERP
  }
  return true;
}

/** A static busybox for the initramfs (busybox-static), or why there is none. */
export function findBusybox(forced: string | undefined): { path: string; data: Buffer } | { problem: string } {
  const candidates = forced !== undefined && forced !== '' ? [forced] : [findProgram('busybox'), '/bin/busybox', '/usr/bin/busybox'].filter((c): c is string => c !== undefined);
  for (const c of candidates) {
    try {
      const data = readFileSync(c);
      if (isStaticElf(data)) return { path: c, data };
    } catch {
      // not readable
    }
  }
  return { problem: 'no statically linked busybox (apt-get install --no-install-recommends busybox-static)' };
}

/** The magic numbers of the compressions a bzImage's payload may use, and how to unpack each. */
const payloads: readonly { readonly magic: Buffer; readonly tool: string; readonly args: readonly string[] }[] = [
  { magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), tool: 'xz', args: ['-dc', '--single-stream'] },
  { magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), tool: 'zstd', args: ['-dc'] },
  { magic: Buffer.from([0x1f, 0x8b, 0x08]), tool: 'gzip', args: ['-dc'] },
];

/**
 * Cuts the uncompressed vmlinux out of a bzImage (the payload's first stream that unpacks to an
 * ELF file) and writes it to `out`. QEMU boots it directly (PVH), skipping the kernel's own
 * decompression: about 4 s faster under TCG. Returns false when nothing unpacks (the caller then
 * boots the bzImage).
 */
export function extractVmlinux(image: string, out: string): boolean {
  const data = readFileSync(image);
  for (const p of payloads) {
    if (findProgram(p.tool) === undefined) continue;
    for (let at = data.indexOf(p.magic); at >= 0; at = data.indexOf(p.magic, at + 1)) {
      const r = spawnSync(p.tool, [...p.args], { input: data.subarray(at), maxBuffer: 1024 * 1024 * 1024 });
      if (r.stdout.length > 4 && r.stdout.readUInt32BE(0) === 0x7f454c46) {
        writeFileSync(out, r.stdout);
        return true;
      }
    }
  }
  return false;
}
