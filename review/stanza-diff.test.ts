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
  it("shows one changed prefix-list entry of model.json as that entry's line, under its list", () => {
    const model = (prefix: string): string =>
      JSON.stringify({
        routingPolicy: {
          prefixLists: [
            {
              name: 'PL-A',
              entries: [
                { seq: 10, action: 'permit', prefix: '10.10.200.0/24', le: 32 },
                { seq: 20, action: 'permit', prefix, le: 32 },
              ],
            },
          ],
        },
      });
    const diff = diffFile('leaf1/model.json', model('10.244.0.0/16'), model('10.245.0.0/16'));
    const changed = diff.hunks.flatMap((h) => h.lines).filter((l) => l.op !== ' ');
    expect(changed.map((l) => `${l.op}${l.text}`)).toEqual(['-  entries[seq=20].prefix = "10.244.0.0/16"', '+  entries[seq=20].prefix = "10.245.0.0/16"']);
    expect(diff.hunks.map((h) => h.path)).toEqual([['routingPolicy.prefixLists[name=PL-A]']]);
  });

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

describe('route-map clauses and prefix lists', () => {
  // The routing policy of a host-facing leaf as each platform writes it (golden/dc1/*/dc1-leaf17).
  const policy = {
    frr: `hostname leaf17
!
ip prefix-list PL-A seq 10 permit 10.10.200.0/24 le 32
ip prefix-list PL-A seq 20 permit 10.244.0.0/16 le 32
ip prefix-list PL-B seq 10 permit 0.0.0.0/0
!
route-map RM-HOSTS-OUT deny 10
exit
!
route-map RM-A-IN permit 10
 match ip address prefix-list PL-A
exit
!
`,
    eos: `hostname leaf17
!
ip prefix-list PL-A
   seq 10 permit 10.10.200.0/24 le 32
   seq 20 permit 10.244.0.0/16 le 32
!
ip prefix-list PL-B
   seq 10 permit 0.0.0.0/0
!
route-map RM-HOSTS-OUT deny 10
!
route-map RM-A-IN permit 10
   match ip address prefix-list PL-A
!
`,
    nxos: `hostname leaf17
route-map RM-CONNECTED permit 10
ip prefix-list PL-A seq 10 permit 10.10.200.0/24 le 32
ip prefix-list PL-A seq 20 permit 10.244.0.0/16 le 32
ip prefix-list PL-B seq 10 permit 0.0.0.0/0
route-map RM-HOSTS-OUT deny 10
route-map RM-A-IN permit 10
  match ip address prefix-list PL-A
`,
  };
  const files = { frr: 'leaf17/frr.conf', eos: 'leaf17/eos.cfg', nxos: 'leaf17/nxos.cfg' } as const;

  for (const platform of ['frr', 'eos', 'nxos'] as const) {
    const text = policy[platform];
    const path = files[platform];

    it(`${platform}: a route-map clause without lines is a stanza of its own, not a top-level line`, () => {
      const root = parseStanzas(text, 'indented');
      expect(root.lines).toEqual(['hostname leaf17']);
      expect(root.children.map((c) => c.key)).toEqual([
        ...(platform === 'nxos' ? ['route-map RM-CONNECTED permit 10'] : []),
        'ip prefix-list PL-A',
        'ip prefix-list PL-B',
        'route-map RM-HOSTS-OUT deny 10',
        'route-map RM-A-IN permit 10',
      ]);
      const removed = text.replace(/^route-map RM-HOSTS-OUT deny 10\n(exit\n)?!?\n?/m, '');
      const diff = formatFileDiff(path, diffFile(path, text, removed), 'changed');
      expect(diff.split('\n').slice(2)).toEqual(['@@ route-map RM-HOSTS-OUT deny 10 @@', '-route-map RM-HOSTS-OUT deny 10', ...(platform === 'frr' ? ['-exit'] : [])]);
    });

    it(`${platform}: a changed prefix-list entry reads under its list, and reordering its entries is no change`, () => {
      const changed = text.replace('10.244.0.0/16', '10.245.0.0/16');
      const diff = formatFileDiff(path, diffFile(path, text, changed), 'changed').split('\n').slice(2);
      const entry = (prefix: string): string => (platform === 'eos' ? `   seq 20 permit ${prefix} le 32` : `ip prefix-list PL-A seq 20 permit ${prefix} le 32`);
      expect(diff).toEqual(['@@ ip prefix-list PL-A @@', ...(platform === 'eos' ? [' ip prefix-list PL-A'] : []), `-${entry('10.244.0.0/16')}`, `+${entry('10.245.0.0/16')}`]);
      // The list's two entries swapped: the same list.
      const lines = text.split('\n');
      const first = lines.findIndex((l) => l.includes('10.10.200.0/24'));
      const reordered = [...lines.slice(0, first), lines[first + 1] ?? '', lines[first] ?? '', ...lines.slice(first + 2)].join('\n');
      expect(reordered).not.toBe(text);
      expect(diffFile(path, text, reordered).hunks).toEqual([]);
    });

    it(`${platform}: an added file prints each line once, no list name that is not in the file`, () => {
      const added = diffFile(path, undefined, text);
      const lines = formatFileDiff(path, added, 'added').split('\n').slice(2).filter((l) => !l.startsWith('@@'));
      expect(lines).toEqual(text.split('\n').filter((l) => l.trim() !== '' && l.trim() !== '!').map((l) => `+${l}`));
    });
  }

  it('groups a list by its name whatever other lines stand between its entries, and keeps file order otherwise', () => {
    const root = parseStanzas('ip prefix-list PL-A seq 10 permit 10.0.0.0/8\nhostname x\nip prefix-list PL-A seq 20 permit 11.0.0.0/8\n', 'indented');
    expect(root.lines).toEqual(['hostname x']);
    expect(root.children.map((c) => [c.key, c.lines, c.synthetic])).toEqual([
      ['ip prefix-list PL-A', ['ip prefix-list PL-A seq 10 permit 10.0.0.0/8', 'ip prefix-list PL-A seq 20 permit 11.0.0.0/8'], true],
    ]);
  });
});
