/** The model fields the EOS and NX-OS templates rely on: accessVlan, jumbo and macDotted. */
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from './device-model.js';
import { dottedMac } from './naming.js';
import { compileExample } from '../../test-helpers/examples.js';

function models(example: string): DeviceModel[] {
  return compileExample(example, 'nxos')
    .files.filter((f) => f.path.endsWith('/model.json'))
    .map((f) => JSON.parse(f.content) as DeviceModel);
}

describe('platform fields of the device model', () => {
  it('writes a MAC in the dotted form NX-OS uses', () => {
    expect(dottedMac('00:00:5e:00:01:01')).toBe('0000.5e00.0101');
    expect(dottedMac('00:1C:73:AA:bb:99')).toBe('001c.73aa.bb99');
  });

  it('gives access ports their one VLAN and trunks none; marks ports above 1500 bytes as jumbo', () => {
    const ports = models('quickstart').flatMap((d) => d.interfaces.servers.map((p) => ({ device: d.name, ...p })));
    expect(ports.length).toBeGreaterThan(0);
    for (const p of ports) {
      expect(p.accessVlan, `${p.device} ${p.name}`).toBe(p.mode === 'access' ? p.vlans[0] : null);
      expect(p.jumbo, `${p.device} ${p.name}`).toBe(p.mtu > 1500);
    }
    expect(ports.some((p) => p.jumbo)).toBe(true);
    expect(ports.some((p) => p.mode === 'trunk') && ports.some((p) => p.mode === 'access')).toBe(true);
  });

  it('carries the anycast MAC in both forms on leaves only', () => {
    for (const d of models('mixed')) {
      if (d.role === 'spine') expect(d.anycastGateway).toBeNull();
      else expect(d.anycastGateway).toEqual({ mac: '00:1c:73:00:00:01', macDotted: '001c.7300.0001' });
    }
  });
});
