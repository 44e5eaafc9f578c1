import { describe, expect, it } from 'vitest';
import { generateIntent } from '../../bench/generate-intent.js';
import { compileIntent } from '../compile.js';
import type { FabricModel } from '../resolve/fabric-model.js';
import { buildDevice, buildDeviceModels, deviceContexts } from './build-devices.js';

function fabricOf(): FabricModel {
  const generated = generateIntent({ spines: 2, leaves: 8, tenants: 3, vrfs: 5, networks: 48, networksPerLeaf: 16, serversPerLeaf: 6, seed: 11 });
  const fabric = compileIntent(generated.files).fabric;
  if (fabric === undefined) throw new Error('the generated intent does not compile');
  // Mixed platforms: every other leaf on EOS, so shared parts must differ by platform.
  return { ...fabric, leaves: fabric.leaves.map((l, i) => (i % 2 === 0 ? l : { ...l, platform: 'eos' as const })) };
}

describe('buildDeviceModels', () => {
  it('builds device i from deviceContexts(fabric)[i]', () => {
    const fabric = fabricOf();
    const all = buildDeviceModels(fabric);
    deviceContexts(fabric).forEach((context, i) => {
      expect(buildDevice(context)).toEqual(all[i]);
    });
  });

  it('gives the same models whether parts are shared between devices or each is built alone', () => {
    const fabric = fabricOf();
    const shared = buildDeviceModels(fabric);
    const alone = shared.map((_, i) => {
      const context = deviceContexts(fabric)[i];
      if (context === undefined) throw new Error('missing context');
      return buildDevice(context);
    });
    expect(JSON.stringify(shared)).toBe(JSON.stringify(alone));
    const eos = shared.find((d) => d.platform === 'eos' && d.role === 'leaf');
    const frr = shared.find((d) => d.platform === 'frr' && d.role === 'leaf');
    expect(eos?.interfaces.svis[0]?.name).toMatch(/^Vlan\d+$/);
    expect(frr?.interfaces.svis[0]?.name).toMatch(/^vlan\d+$/);
  });
});
