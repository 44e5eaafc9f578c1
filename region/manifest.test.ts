/** Reading a region manifest back: what `clos verify <dir>` and `clos diff --against <dir>` rely on is checked. */
import { describe, expect, it } from 'vitest';
import { parseRegionManifest } from './manifest.js';

const fabric = { name: 'az1', directory: 'az1', manifest: 'az1/manifest.json', sha256: '0'.repeat(64) };
const manifest = (plan: unknown): string => JSON.stringify({ schema: 'clos.region/1', region: 'sha', fabrics: [fabric], plan });

describe('parseRegionManifest', () => {
  it('reads the fabrics and the plan', () => {
    const parsed = parseRegionManifest(manifest([{ prefix: '10.0.0.0/8', for: 'tenants' }]));
    expect(parsed).toEqual({ manifest: { schema: 'clos.region/1', region: 'sha', fabrics: [fabric], plan: [{ prefix: '10.0.0.0/8', for: 'tenants' }] } });
  });

  it('refuses a manifest without a plan, and a plan block that is not a prefix and a purpose', () => {
    expect(parseRegionManifest(manifest(undefined))).toEqual({ error: 'missing region, fabrics or plan' });
    for (const block of [{ prefix: '10.0.0.0', for: 'tenants' }, { prefix: '10.0.0.0/33', for: 'tenants' }, { prefix: '10.0.0.0/8', for: 'servers' }, { for: 'tenants' }, null, '10.0.0.0/8']) {
      expect(parseRegionManifest(manifest([block])), JSON.stringify(block)).toEqual({ error: 'a plan block that is not { prefix: <a.b.c.d/n>, for: infrastructure | tenants }' });
    }
  });

  it('refuses a plan block with host bits, and blocks that overlap: clos writes neither', () => {
    expect(parseRegionManifest(manifest([{ prefix: '10.1.1.1/16', for: 'tenants' }]))).toEqual({ error: 'plan block 10.1.1.1/16 has host bits set (10.1.0.0/16)' });
    const nested = [
      { prefix: '172.16.0.0/12', for: 'infrastructure' },
      { prefix: '10.0.0.0/8', for: 'tenants' },
      { prefix: '10.0.0.0/9', for: 'infrastructure' },
    ];
    expect(parseRegionManifest(manifest(nested))).toEqual({ error: 'plan blocks 10.0.0.0/8 and 10.0.0.0/9 overlap' });
    // Adjacent blocks do not overlap.
    expect(parseRegionManifest(manifest([{ prefix: '10.0.0.0/9', for: 'tenants' }, { prefix: '10.128.0.0/9', for: 'infrastructure' }]))).toHaveProperty('manifest');
  });

  it('refuses a fabric listed twice: its directory would be read as two fabrics', () => {
    const text = JSON.stringify({ schema: 'clos.region/1', region: 'sha', fabrics: [fabric, fabric], plan: [{ prefix: '10.0.0.0/8', for: 'tenants' }] });
    expect(parseRegionManifest(text)).toEqual({ error: "fabric 'az1' is listed twice" });
  });
});
