/**
 * A lab's state as an earlier clos wrote it stays readable: `test`, `fail` and `down` of a lab that
 * was started before external routers had BGP instances see its one router with its one ASN as the
 * default instance.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateStore, labStateSchema } from './state.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function storeWith(plan: Record<string, unknown>): StateStore {
  const root = mkdtempSync(join(tmpdir(), 'clos-lab-state-'));
  dirs.push(root);
  mkdirSync(join(root, 'old'));
  writeFileSync(join(root, 'old', 'state.json'), JSON.stringify({ schema: labStateSchema, lab: 'old', fabric: 'f', source: 'x', status: 'up', plan, daemons: [], failures: {}, timings: {} }));
  return new StateStore(root);
}

describe('StateStore.read', () => {
  it('reads a router recorded with one ASN as a router with that ASN as its default instance', () => {
    const sub = { name: 'eth1.3001', vlan: 3001, address: '192.0.2.1/31', peerAddress: '192.0.2.0', border: 'border1', borderAsn: 65121, vrf: 'prod', tenant: 'acme' };
    const router = { name: 'ext-as65500', asn: 65500, outside: '203.0.113.0/24', outsideAddress: '203.0.113.1', links: [{ name: 'eth1', border: 'border1', borderPort: 'swp47', mtu: 1500, subinterfaces: [sub] }] };
    const read = storeWith({ externalRouters: [{ router, namespace: 'clos-old_x_ext-as65500' }] }).read('old');
    expect(read !== undefined && 'state' in read).toBe(true);
    if (read === undefined || !('state' in read)) return;
    expect(read.state.plan.externalRouters).toEqual([
      {
        namespace: 'clos-old_x_ext-as65500',
        router: {
          name: 'ext-as65500',
          instances: [{ asn: 65500, vrf: null, table: 0, outside: '203.0.113.0/24', outsideAddress: '203.0.113.1', accepted: [] }],
          links: [{ name: 'eth1', border: 'border1', borderPort: 'swp47', mtu: 1500, subinterfaces: [{ ...sub, asn: 65500 }] }],
        },
      },
    ]);
    expect(read.state.plan.hostSpeakers).toEqual([]);
  });

  it('reads a plan without stand-ins as one with none', () => {
    const read = storeWith({}).read('old');
    expect(read !== undefined && 'state' in read ? read.state.plan.externalRouters : undefined).toEqual([]);
    expect(read !== undefined && 'state' in read ? read.state.plan.hostAgents : undefined).toEqual([]);
  });

  it('reads a router instance recorded before routers announced inside accept lists as announcing nothing there', () => {
    const instance = { asn: 65500, vrf: null, table: 0, outside: '203.0.113.0/24', outsideAddress: '203.0.113.1' };
    const router = { name: 'ext-as65500', instances: [instance], links: [] };
    const read = storeWith({ externalRouters: [{ router, namespace: 'clos-old_x_ext-as65500' }] }).read('old');
    expect(read !== undefined && 'state' in read ? read.state.plan.externalRouters[0]?.router.instances : undefined).toEqual([{ ...instance, accepted: [] }]);
  });
});
