/** The bench's reading of `clos compile --progress` (processes.ts progressTimings). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir } from '../test-helpers/examples.js';
import { tempDir } from '../test-helpers/temp.js';
import { bundledClos, progressTimings } from './processes.js';

describe('progressTimings', () => {
  it('reads each stage line and ignores the device lines and anything else', () => {
    const stderr = [
      'clos: load 0.30 s (total 0.30 s)',
      'clos: resolve 0.42 s (total 0.82 s)',
      'clos: build 1.25 s (total 2.07 s)',
      'clos: verify 1.91 s (total 4.00 s)',
      'clos: rendered and wrote 454 of 1032 devices (total 4.02 s)',
      'warning[CLOS3130]: something (total 1 s)',
      'clos: render 0.77 s (total 5.44 s)',
      'clos: write 0.67 s (total 5.44 s)',
      '',
    ].join('\n');
    expect(progressTimings(stderr)).toEqual({ load: 300, resolve: 420, build: 1250, verify: 1910, render: 770, write: 670 });
  });

  it('leaves out the stages that printed no line', () => {
    expect(progressTimings('clos: load 1 s (total 1 s)\nclos: lint 2.00 s (total 3 s)\n')).toEqual({ load: 1000 });
  });

  it('reads every stage of the built executable', () => {
    if (!existsSync(bundledClos())) throw new Error('dist/clos.cjs is missing: run npm run build (npm test does)');
    const dir = tempDir();
    const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') };
    const run = spawnSync(process.execPath, [bundledClos(), 'compile', join(examplesDir, 'quickstart'), '-o', join(dir, 'out'), '--progress'], { encoding: 'utf8', env });
    expect(run.status).toBe(0);
    expect(Object.keys(progressTimings(run.stderr))).toEqual(['load', 'resolve', 'build', 'verify', 'render', 'write']);
  });
});
