import { describe, expect, it } from 'vitest';
import { parseStanzas } from './stanza.js';
import { diffFile, formatFileDiff } from './stanza-diff.js';

const frr = `frr version 8.4
hostname leaf1
!
interface swp1
 description server web01
exit
!
interface swp2
 description server web02
exit
!
router bgp 65111
 neighbor 10.0.0.1 remote-as 65000
 neighbor 10.0.0.2 remote-as 65000
 !
 address-family l2vpn evpn
  vni 10110
   rd 10.0.0.11:110
  exit-vni
 exit-address-family
exit
!
`;

const ops = (text: string): string[] => text.split('\n').filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));

describe('stanza parsing', () => {
  it('nests indented blocks, drops ! separators and keeps terminators with their block', () => {
    const root = parseStanzas(frr, 'indented');
    expect(root.lines).toEqual(['frr version 8.4', 'hostname leaf1']);
    expect(root.children.map((c) => c.key)).toEqual(['interface swp1', 'interface swp2', 'router bgp 65111']);
    const bgp = root.children[2];
    expect(bgp?.lines).toEqual([' neighbor 10.0.0.1 remote-as 65000', ' neighbor 10.0.0.2 remote-as 65000']);
    expect(bgp?.terminator).toBe('exit');
    expect(bgp?.children[0]?.children[0]?.header).toBe('  vni 10110');
    expect(bgp?.children[0]?.children[0]?.terminator).toBe('  exit-vni');
  });

  it('identifies a comment-headed shell paragraph by its subject', () => {
    const root = parseStanzas('#!/bin/sh\nset -eu\n\n# swp1: server web01, access 110\nrequire_port swp1\n', 'shell');
    expect(root.children.map((c) => c.key)).toEqual(['#!/bin/sh', '# swp1']);
  });

  it('flattens model.json into entities keyed by identity, not position', () => {
    const root = parseStanzas(JSON.stringify({ name: 'leaf1', bgp: { asn: 1, neighbors: [{ address: '10.0.0.1', remoteAs: 65000 }] } }), 'json');
    expect(root.lines).toEqual(['name = "leaf1"']);
    expect(root.children.map((c) => [c.key, c.lines])).toEqual([
      ['bgp', ['  asn = 1']],
      ['bgp.neighbors[address=10.0.0.1]', ['  address = "10.0.0.1"', '  remoteAs = 65000']],
    ]);
  });
});

describe('stanza-aware diff', () => {
  it('reports nothing when blocks are reordered', () => {
    const swapped = frr.replace('interface swp1\n description server web01\nexit\n!\ninterface swp2\n description server web02\nexit\n', 'interface swp2\n description server web02\nexit\n!\ninterface swp1\n description server web01\nexit\n');
    expect(swapped).not.toBe(frr);
    expect(diffFile('leaf1/frr.conf', frr, swapped).hunks).toEqual([]);
  });

  it('reports nothing when lines move inside a block', () => {
    const swapped = frr.replace(' neighbor 10.0.0.1 remote-as 65000\n neighbor 10.0.0.2 remote-as 65000\n', ' neighbor 10.0.0.2 remote-as 65000\n neighbor 10.0.0.1 remote-as 65000\n');
    expect(swapped).not.toBe(frr);
    expect(diffFile('leaf1/frr.conf', frr, swapped).hunks).toEqual([]);
  });

  it('reports a line that moves to another block, each with its block header as context', () => {
    const moved = frr
      .replace(' description server web01\n', '')
      .replace(' description server web02\n', ' description server web02\n description server web01\n');
    const diff = diffFile('leaf1/frr.conf', frr, moved);
    expect(diff.hunks).toEqual([
      { path: ['interface swp1'], lines: [{ op: ' ', text: 'interface swp1' }, { op: '-', text: ' description server web01' }] },
      { path: ['interface swp2'], lines: [{ op: ' ', text: 'interface swp2' }, { op: '+', text: ' description server web01' }] },
    ]);
    expect([diff.added, diff.removed]).toEqual([1, 1]);
  });

  it('shows a nested change under every enclosing header', () => {
    const changed = frr.replace('   rd 10.0.0.11:110', '   rd 10.0.0.11:111');
    const text = formatFileDiff('leaf1/frr.conf', diffFile('leaf1/frr.conf', frr, changed), 'changed');
    expect(text).toBe(
      [
        '--- a/leaf1/frr.conf',
        '+++ b/leaf1/frr.conf',
        '@@ router bgp 65111 › address-family l2vpn evpn › vni 10110 @@',
        ' router bgp 65111',
        '  address-family l2vpn evpn',
        '   vni 10110',
        '-   rd 10.0.0.11:110',
        '+   rd 10.0.0.11:111',
      ].join('\n'),
    );
  });

  it('reports a block whose header changes as removed and added, whole', () => {
    const changed = frr.replace('interface swp2', 'interface swp3');
    const text = formatFileDiff('leaf1/frr.conf', diffFile('leaf1/frr.conf', frr, changed), 'changed');
    expect(ops(text)).toEqual(['-interface swp2', '- description server web02', '-exit', '+interface swp3', '+ description server web02', '+exit']);
  });

  it('pairs a shell paragraph whose comment header changes and shows only what differs', () => {
    const a = '# swp1: server web01, access 110\nrequire_port swp1\nip link set dev swp1 mtu 1500 up\n';
    const b = '# swp1: server web01, access 111\nrequire_port swp1\nip link set dev swp1 mtu 1500 up\n';
    expect(ops(formatFileDiff('x/interfaces.sh', diffFile('x/interfaces.sh', a, b), 'changed'))).toEqual([
      '-# swp1: server web01, access 110',
      '+# swp1: server web01, access 111',
    ]);
  });

  it('diffs model.json semantically: array order is not a change, a value is', () => {
    const a = { vlans: [{ id: 110, name: 'web' }, { id: 120, name: 'app' }] };
    const reordered = { vlans: [{ id: 120, name: 'app' }, { id: 110, name: 'web' }] };
    const changed = { vlans: [{ id: 111, name: 'web' }, { id: 120, name: 'app' }] };
    expect(diffFile('x/model.json', JSON.stringify(a), JSON.stringify(reordered)).hunks).toEqual([]);
    expect(ops(formatFileDiff('x/model.json', diffFile('x/model.json', JSON.stringify(a), JSON.stringify(changed)), 'changed'))).toEqual(['-  id = 110', '+  id = 111']);
  });

  it('shows an added or removed file whole', () => {
    const added = diffFile('leaf1/frr.conf', undefined, frr);
    expect(added.removed).toBe(0);
    expect(added.added).toBe(frr.split('\n').filter((l) => l.trim() !== '' && l.trim() !== '!').length);
    const removed = diffFile('leaf1/frr.conf', frr, undefined);
    expect([removed.added, removed.removed]).toEqual([0, added.added]);
  });
});
