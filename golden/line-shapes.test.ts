/**
 * Every line of every golden eos.cfg and nxos.cfg must be a command the platform accepts in that
 * configuration mode, at that indentation (see the cited table in line-shapes.ts), and every entry
 * of the table must be used by some golden file.
 */
import { describe, expect, it } from 'vitest';
import { checkLineShapes, eosShapes, nxosShapes, type PlatformShapes } from './line-shapes.js';
import { exampleNames, goldenDir, readTree, regionExampleNames } from '../test-helpers/examples.js';

const platforms: readonly { file: string; table: PlatformShapes }[] = [
  { file: 'eos.cfg', table: eosShapes },
  { file: 'nxos.cfg', table: nxosShapes },
];

describe('line shapes of the golden EOS and NX-OS configurations', () => {
  for (const { file, table } of platforms) {
    it(`every ${file} line is an allowed command in its mode, and every allowed shape is used`, () => {
      const used = new Set<string>();
      let files = 0;
      for (const example of [...exampleNames(), ...regionExampleNames()]) {
        for (const [path, content] of readTree(`${goldenDir}/${example}`)) {
          if (!path.endsWith(`/${file}`)) continue;
          files++;
          const result = checkLineShapes(content, table);
          for (const id of result.used) used.add(id);
          expect(result.problems, `${example}/${path}`).toEqual([]);
        }
      }
      expect(files).toBeGreaterThan(0);
      expect(table.shapes.map((s) => s.id).filter((id) => !used.has(id)), 'shapes no golden file uses').toEqual([]);
    });
  }

  it('ids are unique and every parent exists', () => {
    for (const { table } of platforms) {
      const ids = table.shapes.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const s of table.shapes) expect(s.parent === 'top' || ids.includes(s.parent), s.id).toBe(true);
    }
  });

  it('rejects invented commands, wrong modes and wrong indentation', () => {
    const eos = ['router bgp 65000', '   neighbor OVERLAY peer-group', '   address-family evpn', '      vxlan vlan 10 vni 10', '  router-id 10.0.0.1', 'interface Vxlan1', '      vxlan udp-port 4789'].join('\n');
    const eosProblems = checkLineShapes(eos, eosShapes).problems.map((p) => p.line);
    expect(eosProblems).toEqual([2, 4, 5, 7]);
    const nxos = ['router bgp 65000', '  neighbor 10.0.0.1 remote-as 65001', 'interface nve1', '  member vni 10 associate-vrf', '    ingress-replication protocol bgp', 'vrf context prod', '  route-target import 65000:1 evpn'].join('\n');
    const nxProblems = checkLineShapes(nxos, nxosShapes).problems.map((p) => p.line);
    expect(nxProblems).toEqual([2, 5, 7]);
  });
});
