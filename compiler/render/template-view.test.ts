/** The templates' view of a device (template-view.ts). */
import { describe, expect, it } from 'vitest';
import { baseIntent, devicesOf, edit } from '../../test-helpers/intent.js';
import type { DeviceModel, Platform } from '../build/device-model.js';
import { createTemplateView } from './template-view.js';

/**
 * leaf1 has its uplinks on the default ports 49 and 50, and servers below them (1, 9) and above
 * them (51, 100): as text, `swp100` < `swp49` < `swp9`.
 */
const intent = `${baseIntent}  - name: app09
    attach: [{ leaf: leaf1, port: 9 }]
    networks: [web]
  - name: app51
    attach: [{ leaf: leaf1, port: 51 }]
    networks: [web]
    mode: access
  - name: app100
    attach: [{ leaf: leaf1, port: 100 }]
    networks: [web]
`;

function devicesOn(platform: Platform): Map<string, DeviceModel> {
  return devicesOf(edit(intent, '  name: lab\n', `  name: lab\n  platform: ${platform}\n`));
}

function device(devices: Map<string, DeviceModel>, name: string): DeviceModel {
  const d = devices.get(name);
  if (d === undefined) throw new Error(`no device ${name}`);
  return d;
}

describe('createTemplateView', () => {
  const leaf = device(devicesOn('eos'), 'leaf1');

  it('lists fabric and server ports together, in natural order, each with its own entry', () => {
    const { physical } = createTemplateView(leaf).interfaces;
    expect(physical.map((p) => p.fabric?.name ?? p.server?.name)).toEqual(['Ethernet1', 'Ethernet9', 'Ethernet49', 'Ethernet50', 'Ethernet51', 'Ethernet100']);
    expect(physical.map((p) => (p.fabric === null ? 'server' : 'fabric'))).toEqual(['server', 'server', 'fabric', 'fabric', 'server', 'server']);
    for (const p of physical) expect((p.fabric === null) !== (p.server === null)).toBe(true);
    // The model's own objects, not copies.
    expect(physical[2]?.fabric).toBe(leaf.interfaces.fabric[0]);
    expect(physical[4]?.server).toBe(leaf.interfaces.servers[2]);
  });

  it('keeps every other field of the model as it is, and leaves the model unchanged', () => {
    const before = JSON.stringify(leaf);
    const view = createTemplateView(leaf);
    const { physical, ...interfaces } = view.interfaces;
    expect(physical).toHaveLength(leaf.interfaces.fabric.length + leaf.interfaces.servers.length);
    expect({ ...view, interfaces }).toEqual(leaf);
    expect(JSON.stringify(leaf)).toBe(before);
    expect('physical' in leaf.interfaces).toBe(false);
  });

  it('gives a spine its fabric links, in their order', () => {
    const spine = device(devicesOn('nxos'), 'spine1');
    expect(createTemplateView(spine).interfaces.physical.map((p) => p.fabric?.name)).toEqual(spine.interfaces.fabric.map((f) => f.name));
  });
});

