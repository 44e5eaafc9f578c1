/**
 * How servers are attached, from the leaves' models: the notion the verifier's redundancy notes and
 * `clos doc`'s single points of failure share.
 */
import { describe, expect, it } from 'vitest';
import { baseIntent, devicesOf, edit } from '../../test-helpers/intent.js';
import { classifyHoming, collectServerViews } from './server-homing.js';

const servers = `servers:
  - { name: one, attach: [{ leaf: leaf1, port: 1 }], networks: [web], mode: access }
  - { name: lag, attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf1, port: 3 }], networks: [web], mode: access }
  - { name: backup, attach: [{ leaf: leaf1, port: 4 }, { leaf: leaf1, port: 5 }], bond: active-backup, networks: [web], mode: access }
  - { name: apart, attach: [{ leaf: leaf1, port: 6 }, { leaf: leaf1, port: 7 }], bond: none, networks: [web], mode: access }
  - { name: apart2, attach: [{ leaf: leaf1, port: 8 }, { leaf: leaf2, port: 8 }], bond: none, networks: [web], mode: access }
  - { name: dual, attach: [{ leaf: leaf1, port: 9 }, { leaf: leaf2, port: 9 }], networks: [web], mode: access }
`;

describe('classifyHoming', () => {
  it('tells single-homed servers, links to one leaf, independent ports and multihomed servers apart', () => {
    const intent = edit(baseIntent, baseIntent.slice(baseIntent.indexOf('servers:')), servers);
    const models = devicesOf(intent);
    const leaves = ['leaf1', 'leaf2'].map((n) => models.get(n)).filter((m) => m !== undefined);
    const views = collectServerViews(leaves);
    expect(Object.fromEntries(views.map((v) => [v.name, classifyHoming(v)]))).toEqual({
      one: 'single-homed',
      lag: 'local-links',
      backup: 'local-links',
      apart: 'independent-ports',
      apart2: 'independent-ports',
      dual: 'multihomed',
    });
    expect(views.find((v) => v.name === 'lag')?.attachments).toMatchObject([{ leaf: 'leaf1', ports: 2, networks: ['web'] }]);
    expect(views.find((v) => v.name === 'dual')?.attachments.map((a) => a.leaf)).toEqual(['leaf1', 'leaf2']);
  });
});
