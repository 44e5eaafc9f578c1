import { describe, expect, it } from 'vitest';
import { checkComparedName } from './against-name.js';

describe('checkComparedName', () => {
  it('is silent when the manifest records the intent’s name', () => {
    expect(checkComparedName('build/dc1', 'fabric', 'dc1', 'dc1')).toBeUndefined();
  });

  it('warns with CLOS8012 when it records another, naming both', () => {
    expect(checkComparedName('build/qs', 'fabric', 'quickstart', 'dc1')).toEqual({
      code: 'CLOS8012',
      severity: 'warning',
      message: "'build/qs' was compiled from fabric 'quickstart', not 'dc1': the comparison sets one fabric against another",
      related: [],
      hint: "compare with the build directory of fabric 'dc1'; if 'dc1' is 'quickstart' renamed, the impact is the rename's",
    });
  });
});
