/** Tolerant IPv4 parsing for device models: hand-edited models may hold anything, so nothing throws. */

/** `a.b.c.d` → 32-bit unsigned integer, or undefined when it is not a dotted quad. */
export function parseAddress(text: string): number | undefined {
  return parseQuad(text, 0, text.length);
}

/** The dotted quad in text[from, to), or undefined. No substrings: the verifier parses ~200,000. */
function parseQuad(text: string, from: number, to: number): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (digits > 3 || octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

export interface Cidr {
  /** The address as written (host bits kept). */
  readonly address: number;
  readonly length: number;
  /** Network address. */
  readonly base: number;
  readonly size: number;
}

/** `a.b.c.d/n` → address and prefix, or undefined. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseQuad(text, 0, slash);
  // One or two digits after the slash, at most 32.
  const digits = text.length - slash - 1;
  if (address === undefined || digits < 1 || digits > 2) return undefined;
  let length = 0;
  for (let i = slash + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    length = length * 10 + (c - 48);
  }
  if (length > 32) return undefined;
  const size = 2 ** (32 - length);
  const base = address - (address % size);
  return { address, length, base, size };
}

export function formatAddress(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

export function cidrContains(cidr: Cidr, address: number): boolean {
  return address >= cidr.base && address < cidr.base + cidr.size;
}

/** The address part of `a.b.c.d/n` (or the text itself when it has no prefix length). */
export function addressOf(text: string): string {
  const slash = text.indexOf('/');
  return slash < 0 ? text : text.slice(0, slash);
}
