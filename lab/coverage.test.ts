/**
 * The unit tests together raise every diagnostic of the lab and its command line
 * (catalogue/lab.ts): each CLOS7xxx code is asserted by some `*.test.ts` that `npm test` runs, or
 * is listed below with the reason no unit test can raise it. The lab has no fixtures with an
 * expected.txt: its checks judge FRR's, ip's and ping's output, which unit tests feed them, and
 * the command line's refusals come before anything is booted. Before this test, 25 of its codes
 * had never been raised by a unit test.
 *
 * "Asserted" is read from the test files' text: a code written in a unit test outside a line that
 * asserts its absence (`.not.`). Each test that names a code also shows the input that passes.
 */
import { describe, expect, it } from 'vitest';
import { catalogueCoverageTests, codesAsserted, unitTestFiles } from '../test-helpers/catalogue-coverage.js';
import { repoRoot } from '../test-helpers/examples.js';
import { LabDiagnostics } from '../compiler/diagnostics/catalogue/index.js';

/** Codes no unit test can raise, why, and what raises them instead. */
const notInUnitTests: Readonly<Record<string, string>> = {
  CLOS7017:
    "lab down (cli/commands/lab.ts runDown) reports it when 'ip netns del' leaves a lab's namespace in /run/netns: it needs real namespaces, which unit tests never create, and a kernel refusing to remove one; no test raises it",
  CLOS7019: "the lab's VM did not start (cli/commands/lab-vm.ts upInVm): needs QEMU and the lab's kernel booting and failing; no test raises it (lab/vm's *.lab.test.ts boot it successfully)",
};

const self = 'lab/coverage.test.ts';
const catalogue = Object.values(LabDiagnostics).map((k: { code: string }) => k.code);
const asserted = (): Map<string, string[]> => codesAsserted(repoRoot, unitTestFiles(repoRoot).filter((f) => f !== self), /\b(CLOS7\d{3})\b/g);

describe('unit tests cover the lab catalogue', () => {
  catalogueCoverageTests({
    title: 'raise every lab code, except the listed ones',
    catalogue,
    notInFixtures: notInUnitTests,
    shown: () => new Set(asserted().keys()),
    missingHint: 'lab codes no unit test asserts: add a test that raises the code (and passes on the good input), or list it in notInUnitTests with the reason and what raises it instead',
  });

  it('finds its codes only in unit tests, never only in a lab test that needs a VM', () => {
    const files = unitTestFiles(repoRoot);
    expect(files).toContain('lab/checks/control-plane.test.ts');
    expect(files.some((f) => f.endsWith('.lab.test.ts'))).toBe(false);
    expect(asserted().get('CLOS7101')).toContain('lab/checks/control-plane.test.ts');
  });
});
