import { describe, expect, it } from 'vitest';
import { manifestSchema, parseManifest } from './manifest.js';

/** A manifest as clos writes it, for one spine. */
function manifest(): Record<string, unknown> {
  return {
    schema: manifestSchema,
    fabric: 'f',
    platform: null,
    verify: { hopLimit: 2, failures: 1 },
    devices: [{ name: 'spine1', role: 'spine', platform: 'frr', files: ['spine1/frr.conf', 'spine1/model.json'] }],
    files: { 'spine1/frr.conf': 'a', 'spine1/model.json': 'b' },
  };
}

function parse(m: Record<string, unknown>): string {
  const r = parseManifest(JSON.stringify(m));
  return 'error' in r ? r.error : 'ok';
}

describe('parseManifest', () => {
  it('reads a manifest as clos writes it', () => {
    expect(parse(manifest())).toBe('ok');
  });

  it('refuses device entries clos could not have written: no name, a name no device can have, no platform, files not a list, one device twice', () => {
    const device = (manifest()['devices'] as Record<string, unknown>[])[0] ?? {};
    expect(parse({ ...manifest(), devices: [7] })).toBe('devices[0] is not a device with a name clos could have written');
    expect(parse({ ...manifest(), devices: [{ ...device, name: 7 }] })).toBe('devices[0] is not a device with a name clos could have written');
    expect(parse({ ...manifest(), devices: [{ ...device, name: '../x' }] })).toBe('devices[0] is not a device with a name clos could have written');
    expect(parse({ ...manifest(), devices: [{ ...device, platform: 'junos' }] })).toBe("device 'spine1' lacks its platform or its list of files");
    expect(parse({ ...manifest(), devices: [{ ...device, files: 'spine1/frr.conf' }] })).toBe("device 'spine1' lacks its platform or its list of files");
    expect(parse({ ...manifest(), devices: [device, device] })).toBe("device 'spine1' is listed twice");
  });
});
