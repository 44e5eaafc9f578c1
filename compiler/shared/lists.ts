/**
 * `mapList(list, f)`: what `list.map(f)` returns, in an array whose V8 elements kind does not depend
 * on whether the calling code has been optimized. `Array.prototype.map` returns a packed array
 * while its caller runs in the interpreter and a holey one once TurboFan has compiled the caller,
 * so every function that later reads such arrays (the next build step, the templates, the
 * model.json writer, the verifier) meets a new array map half-way through a build, is deoptimized
 * and compiled again: on 32x1000, TurboFan compiled `buildLinuxPlumbing` 9 to 14 times per compile,
 * ~0.2 s each (bench/PROFILE.md, section 37). An array made as `new Array(n)` and filled is holey
 * in every tier, and of exactly the list's length.
 */
export function mapList<T, U>(list: readonly T[], f: (item: T, index: number) => U): U[] {
  const n = list.length;
  const out = new Array<U>(n);
  for (let i = 0; i < n; i++) out[i] = f(list[i] as T, i);
  return out;
}
