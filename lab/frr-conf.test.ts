import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../test-helpers/examples.js';
import { bfdFloorNote, emulatedBfdFloor, raiseBfdTimers } from './frr-conf.js';

describe("the lab's frr.conf in a VM that emulates its CPU", () => {
  const conf = readFileSync(join(repoRoot, 'golden/quickstart/frr/leaf1/frr.conf'), 'utf8');

  it('raises the BFD profile to 1000 ms x 5 and changes nothing else', () => {
    const raised = raiseBfdTimers(conf, emulatedBfdFloor);
    expect(raised.changed).toBe(true);
    const before = conf.split('\n');
    const after = raised.conf.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [`${line.trim()} -> ${after[i]?.trim() ?? ''}`]));
    expect(changed).toEqual(['detect-multiplier 3 -> detect-multiplier 5', 'receive-interval 300 -> receive-interval 1000', 'transmit-interval 300 -> transmit-interval 1000']);
  });

  it('never lowers a timer, and is idempotent', () => {
    const slow = conf.replace('receive-interval 300', 'receive-interval 2000');
    expect(raiseBfdTimers(slow, emulatedBfdFloor).conf).toContain('receive-interval 2000');
    const once = raiseBfdTimers(conf, emulatedBfdFloor).conf;
    expect(raiseBfdTimers(once, emulatedBfdFloor)).toEqual({ conf: once, changed: false });
  });

  it('is said in the report', () => {
    expect(bfdFloorNote(emulatedBfdFloor)).toContain('1000 ms × 5');
  });
});
