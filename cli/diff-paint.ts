/** Colours of `clos diff` on a terminal (fabric and region): removed red, added green, hunk headers cyan, titles bold. */
const ansi = { red: 31, green: 32, cyan: 36, bold: 1 } as const;

export function paintTerminal(op: ' ' | '-' | '+' | '@' | 'title', text: string): string {
  const style = op === '-' ? ansi.red : op === '+' ? ansi.green : op === '@' ? ansi.cyan : op === 'title' ? ansi.bold : undefined;
  return style === undefined ? text : `\u001b[${style}m${text}\u001b[0m`;
}
