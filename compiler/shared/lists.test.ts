import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapList } from './lists.js';

describe('mapList', () => {
  it('returns what Array.prototype.map returns', () => {
    const list = ['a', 'bb', '', 'dddd'];
    expect(mapList(list, (s, i) => `${s}${i}`)).toEqual(list.map((s, i) => `${s}${i}`));
    expect(mapList([], (x: number) => x * 2)).toEqual([]);
    const objects = mapList([1, 2, 3], (n) => ({ n }));
    expect(objects).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(objects).toHaveLength(3);
  });

  // The reason it exists (lists.ts): the elements kind of the result must not change when V8's
  // optimizing compiler takes over the caller. Asked of V8 itself, in a process of its own, which
  // optimizes on its main thread (--no-concurrent-recompilation): with the optimization on a
  // background thread, a loaded machine could end the loop before it landed (seen in npm test).
  it('gives arrays of one elements kind before and after the caller is optimized, unlike map', () => {
    const lists = fileURLToPath(new URL('../../dist/compiler/shared/lists.js', import.meta.url));
    const script = `
      import(${JSON.stringify(lists)}).then(({ mapList }) => {
        const src = [{ v: 1 }, { v: 2 }];
        const viaMap = (a) => a.map((x) => x.v);
        const viaList = (a) => mapList(a, (x) => x.v);
        const kinds = (f) => {
          const cold = %HasHoleyElements(f(src));
          for (let i = 0; i < 200000; i++) f(src);
          return [cold, %HasHoleyElements(f(src)), (%GetOptimizationStatus(f) & 16) !== 0];
        };
        console.log(JSON.stringify({ map: kinds(viaMap), list: kinds(viaList) }));
      });`;
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const { map, list } = JSON.parse(out) as { map: boolean[]; list: boolean[] };
    // Both callers were optimized (V8 status bit 16, "optimized") for the comparison to mean anything.
    expect(map[2]).toBe(true);
    expect(list[2]).toBe(true);
    // map: packed while interpreted, holey once optimized; mapList: holey in both.
    expect(map.slice(0, 2)).toEqual([false, true]);
    expect(list.slice(0, 2)).toEqual([true, true]);
  });
});
