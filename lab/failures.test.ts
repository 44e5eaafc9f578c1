import { describe, expect, it } from 'vitest';
import { exampleModels } from '../test-helpers/lab.js';
import { addFailure, parseTarget, planLinkChanges, removeFailure } from './failures.js';
import { planLab } from './plan.js';
import { buildTopology, noFailures, sharedSpines } from './topology.js';

const models = exampleModels('quickstart');
const topology = buildTopology(models);
const plan = planLab('q', models, { vrf: false, dot1q: false });

function target(text: string): string {
  const parsed = parseTarget(topology, 'q', text);
  if ('diagnostic' in parsed) return `${parsed.diagnostic.code} ${parsed.diagnostic.message}`;
  return parsed.target.kind === 'spine' ? `spine ${parsed.target.spine}` : `link ${parsed.target.link.key}`;
}

describe('fail targets', () => {
  it('reads a spine, or a link by either end or by its two devices', () => {
    expect(target('spine2')).toBe('spine spine2');
    expect(target('leaf3:swp50')).toBe('link leaf3:swp50');
    expect(target('spine2:swp3')).toBe('link leaf3:swp50');
    expect(target('leaf3:spine2')).toBe('link leaf3:swp50');
    expect(target('spine2:leaf3')).toBe('link leaf3:swp50');
  });
  it('refuses leaves and names that are not in the lab', () => {
    expect(target('leaf1')).toMatch(/^CLOS7010 'leaf1' is a leaf/);
    expect(target('spine9')).toMatch(/^CLOS7009 'spine9' is neither a spine nor a leaf-spine link of lab 'q'/);
    expect(target('leaf1:swp1')).toMatch(/^CLOS7009/);
  });
});

describe('link changes', () => {
  it('takes both ends of every link of a failed spine down, and back up on restore', () => {
    const down = addFailure(noFailures, { kind: 'spine', spine: 'spine1' });
    const changes = planLinkChanges(topology, plan, noFailures, down);
    expect(Object.fromEntries(changes)).toEqual({
      'clos-q_spine1': ['link set dev swp1 down', 'link set dev swp2 down', 'link set dev swp3 down', 'link set dev swp4 down'],
      'clos-q_leaf1': ['link set dev swp49 down'],
      'clos-q_leaf2': ['link set dev swp49 down'],
      'clos-q_leaf3': ['link set dev swp49 down'],
      'clos-q_leaf4': ['link set dev swp49 down'],
    });
    const back = planLinkChanges(topology, plan, down, removeFailure(down, { kind: 'spine', spine: 'spine1' }));
    expect(back.get('clos-q_leaf1')).toEqual(['link set dev swp49 up']);
  });
  it('keeps a link down while its spine is down, even when the link itself is restored', () => {
    const link = parseTarget(topology, 'q', 'leaf1:swp49');
    if (!('target' in link)) throw new Error('no target');
    const both = addFailure(addFailure(noFailures, { kind: 'spine', spine: 'spine1' }), link.target);
    expect(planLinkChanges(topology, plan, both, removeFailure(both, link.target)).size).toBe(0);
  });
  it('leaves two leaves the spines they still share', () => {
    expect(sharedSpines(topology, noFailures, 'leaf1', 'leaf2')).toEqual(['spine1', 'spine2']);
    expect(sharedSpines(topology, { spines: [], links: ['leaf1:swp50'] }, 'leaf1', 'leaf2')).toEqual(['spine1']);
  });
});
