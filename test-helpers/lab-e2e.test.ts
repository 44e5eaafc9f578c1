/**
 * The lab tests' reading of `frr-reload.py --test` (reloadLeft): what FRR always lists on a lab
 * device is left out, and nothing else — above all not a line FRR shows that the file does not
 * say, which is what the check is for. The outputs are the shapes frr-reload.py printed in the lab.
 * And the devices the check asks (frrReloadChanges): together they hold every line shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './examples.js';
import { devicesCoveringShapes, frrConfShapes, reloadLeft } from './lab-e2e.js';

const output = (deletes: readonly string[], adds: readonly string[]): string =>
  ['2026-12-05 15:11:52,296  INFO: Called via "Namespace(...)"', '', 'Lines To Delete', '===============', ...deletes, '', 'Lines To Add', '============', ...adds, ''].join('\n');

describe('reading frr-reload.py --test (reloadLeft)', () => {
  it("finds nothing on a device whose FRR runs the file: the lab's hostname and the file's version, hostname and service lines", () => {
    expect(reloadLeft(output(['no hostname clos-g'], ['frr version 10.7', 'hostname dc1-leaf01', 'service integrated-vtysh-config']), 'dc1-leaf01')).toEqual({ delete: [], add: [] });
  });

  it('keeps what FRR shows and the file does not say, with its context (FRR 10.3 on a file of 8.4 defaults)', () => {
    const left = reloadLeft(output(['no hostname clos-g', 'router bgp 65111', ' bgp enforce-first-as', 'exit', 'router bgp 65111 vrf infra', ' bgp enforce-first-as', 'exit'], ['frr version 8.4', 'hostname dc1-leaf01']), 'dc1-leaf01');
    expect(left).toEqual({ delete: ['router bgp 65111', ' bgp enforce-first-as', 'exit', 'router bgp 65111 vrf infra', ' bgp enforce-first-as', 'exit'], add: [] });
  });

  it("leaves out FRR 10.7.1's use-underlays-nexthop-weight and the instance around it, but not another line of that instance", () => {
    const only = reloadLeft(output(['no hostname clos-f', 'router bgp 65000', ' no use-underlays-nexthop-weight', 'exit', 'router bgp 65127 vrf nw-prod', ' no use-underlays-nexthop-weight', 'exit'], ['hostname dc1-spine1']), 'dc1-spine1');
    expect(only).toEqual({ delete: [], add: [] });
    const more = reloadLeft(output(['router bgp 65000', ' no use-underlays-nexthop-weight', ' bgp enforce-first-as', 'exit'], []), 'dc1-spine1');
    expect(more.delete).toEqual(['router bgp 65000', ' bgp enforce-first-as', 'exit']);
  });

  it("keeps another device's hostname, a line to add and an output without its sections as failures", () => {
    expect(reloadLeft(output([], ['hostname dc1-leaf02', 'ip router-id 10.0.0.1']), 'dc1-leaf01').add).toEqual(['hostname dc1-leaf02', 'ip router-id 10.0.0.1']);
    expect(() => reloadLeft('Traceback (most recent call last):\n', 'dc1-leaf01')).toThrow();
  });
});

describe('the devices frrReloadChanges asks', () => {
  it('shapes a line without its names, numbers and descriptions, in its block, and each block whole', () => {
    const shapes = frrConfShapes(['! comment', 'router bgp 65111 vrf retail-dev', ' neighbor HOSTS-k8s activate', ' neighbor 10.0.0.1 description dc1-spine1 EVPN', 'exit', 'interface vlan110', ' description web', 'exit'].join('\n'));
    expect([...shapes]).toEqual([
      'router bgp # vrf *',
      'router bgp # vrf *\u0000 neighbor * activate',
      'router bgp # vrf *\u0000 neighbor * description *',
      'router bgp # vrf *\n neighbor * activate\n neighbor * description *',
      'exit',
      'interface *',
      'interface *\u0000 description *',
      'interface *\n description *',
    ]);
  });

  it('asks, by the greedy rule, devices whose files hold every shape: on the golden quickstart leaf1, leaf3 and spine1', () => {
    const dir = join(repoRoot, 'golden/quickstart/frr');
    const files = new Map(readdirSync(dir).filter((d) => d !== 'manifest.json').map((d) => [d, readFileSync(join(dir, d, 'frr.conf'), 'utf8')] as const));
    const chosen = devicesCoveringShapes(files);
    expect(chosen).toEqual(['leaf1', 'leaf3', 'spine1']);
    const held = new Set(chosen.flatMap((d) => [...frrConfShapes(files.get(d) ?? '')]));
    for (const [device, text] of files) for (const shape of frrConfShapes(text)) expect(held.has(shape), `${device}: ${shape}`).toBe(true);
  });

  it('asks a device whose file holds a line, or a block, no other holds, and one of those alike', () => {
    const files = new Map([['a', 'router bgp 1\n neighbor X activate\nexit\n'], ['b', 'router bgp 2\n neighbor Y activate\nexit\n'], ['c', 'router bgp 3\n neighbor Z activate\n bgp enforce-first-as\nexit\n']]);
    // c holds every line; a and b the block without c's second line, which only one of them need show.
    expect(devicesCoveringShapes(files)).toEqual(['a', 'c']);
    files.set('d', 'router bgp 4\n neighbor W activate\nexit\nip prefix-list P seq 5 permit 10.0.0.0/8\n');
    expect(devicesCoveringShapes(files)).toEqual(['c', 'd']);
  });
});
