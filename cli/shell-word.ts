import { shellQuote } from '../lab/exec.js';

/**
 * A path or argument as it is typed in a shell, for the commands clos suggests in hints and result
 * lines: as it is when it needs no quoting, else in double quotes (readable inside the single-quoted
 * commands of hints), or in single quotes when it holds a character double quotes do not protect.
 */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(s)) return s;
  if (!/["$`\\!]/.test(s)) return `"${s}"`;
  return shellQuote(s);
}
