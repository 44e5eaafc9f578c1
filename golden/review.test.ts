/**
 * Golden files of the review tools, per example: the fabric document (`doc.md`), the change impact
 * of a scripted one-line change — one network's VLAN (`diff-vlan.txt`, see vlanChanges) — and the
 * containerlab topology (`<fabric>.clab.yml`). Per region example: the address plan (`doc.md`) and
 * the region's change impact of a scripted change (`diff-subnet.txt`, see regionChanges).
 * `npm run golden:update` rewrites them; read the diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeImpact } from '../review/change-impact.js';
import { defaultFrrImage, defaultHostImage, renderContainerlab } from '../review/containerlab.js';
import { renderFabricDoc } from '../review/doc/fabric-doc.js';
import { formatImpactText } from '../review/format-impact.js';
import { exampleNames, goldenDir, regionExampleNames, updatingGolden } from '../test-helpers/examples.js';
import { compileRegionExample, regionChanges } from '../test-helpers/regions.js';
import { renderRegionDoc } from '../review/doc/region-doc.js';
import { computeRegionImpact, formatRegionImpactText } from '../review/region-impact.js';
import { compileEditedExample, vlanChanges } from '../test-helpers/review.js';
import { verifyDevices } from '../review/verify-adapter.js';

function expectGolden(example: string, file: string, actual: string): void {
  const path = join(goldenDir, example, file);
  if (updatingGolden) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(existsSync(path), `${example}/${file} has no golden file (run npm run golden:update and review it)`).toBe(true);
  expect(actual, `${example}/${file} differs from its golden file (run npm run golden:update and review the diff)`).toBe(readFileSync(path, 'utf8'));
}

describe('review golden files', () => {
  for (const example of exampleNames()) {
    it(`${example} / doc.md`, () => {
      const { fabric, devices } = compileEditedExample(example, example);
      expectGolden(example, 'doc.md', renderFabricDoc(fabric, devices));
    });

    const change = vlanChanges[example];
    it(`${example} / diff-vlan.txt`, () => {
      expect(change, `vlanChanges has no scripted change for ${example}`).toBeDefined();
      if (change === undefined) return;
      const before = compileEditedExample(example, example);
      const after = compileEditedExample(example, `${example} with ${change.network} on VLAN ${change.to}`, [change.edit]);
      expectGolden(example, 'diff-vlan.txt', formatImpactText(computeImpact(before.side, after.side, { verify: verifyDevices }), { stat: false }));
    });

    it(`${example} / <fabric>.clab.yml`, () => {
      const { fabric, devices, files } = compileEditedExample(example, example, [], 'frr');
      const lab = renderContainerlab(fabric, devices, files, { image: defaultFrrImage, hostImage: defaultHostImage, withoutVrf: false });
      const topology = lab.files.find((f) => f.path === lab.topology);
      expectGolden(example, lab.topology, topology?.content ?? '');
    });
  }

  for (const example of regionExampleNames()) {
    it(`${example} (region) / doc.md`, () => {
      expectGolden(example, 'doc.md', renderRegionDoc(compileRegionExample(example, example).region));
    });

    const change = regionChanges[example];
    it(`${example} (region) / diff-subnet.txt`, () => {
      expect(change, `regionChanges has no scripted change for ${example}`).toBeDefined();
      if (change === undefined) return;
      const before = compileRegionExample(example, example);
      const after = compileRegionExample(example, `${example} with ${change.what}`, [change.edit]);
      expectGolden(example, 'diff-subnet.txt', formatRegionImpactText(computeRegionImpact(before.side, after.side, { verify: verifyDevices }), { stat: false }));
    });
  }
});
