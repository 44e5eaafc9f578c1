/**
 * Uniqueness (check 2) on models given to the library directly. `clos verify <dir>` cannot read two
 * models of one name (a model's name must be its directory's, cli/build-dir.ts), and a compile
 * names each device once, so two same-named models reach the verifier only through its API.
 */
import { describe, expect, it } from 'vitest';
import { exampleModels } from '../../test-helpers/examples.js';
import { editModels } from '../../test-helpers/mutate.js';
import { verifyFabric } from '../verify.js';
import { defaultVerifySettings } from '../types.js';

describe('uniqueness of device names', () => {
  it('fails two models that carry one name (CLOS5021), and passes the models as built', () => {
    const { devices } = exampleModels('quickstart');
    const codes = (models: typeof devices): string[] =>
      verifyFabric({ devices: models, settings: defaultVerifySettings })
        .checks.find((c) => c.id === 'uniqueness')
        ?.diagnostics.map((d) => `${d.code} ${d.message}`) ?? [];
    expect(codes(devices)).toEqual([]);
    const renamed = editModels(devices, ['leaf2'], (m) => {
      m.name = 'leaf1';
    });
    expect(codes(renamed)).toContain("CLOS5021 two device models are named 'leaf1'");
  });
});
