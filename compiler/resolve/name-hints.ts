/** Hints for names that name nothing, shared by the modules that resolve references to leaves. */
import type { ResolveContext } from './context.js';

/**
 * Why a name is not a leaf: a tag without `tag:`, a spine, or a typo. `placed` says what the
 * reference places on a leaf, for the spine case.
 */
export function unknownLeafHint(
  ctx: ResolveContext,
  name: string,
  known: { readonly spines: ReadonlySet<string>; readonly leaves: ReadonlySet<string>; readonly tags?: ReadonlySet<string> },
  placed = 'networks and servers are placed on leaves',
): string | undefined {
  if (known.tags?.has(name) === true) return `'${name}' is a tag: write 'tag:${name}' to select the leaves that have it`;
  if (known.spines.has(name)) return `'${name}' is a spine; ${placed}`;
  return ctx.suggest(name, known.leaves);
}
