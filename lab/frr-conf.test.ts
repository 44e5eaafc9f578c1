import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../test-helpers/examples.js';
import { bfdFloorNote, emulatedBfdFloor, labFrrConf, labMhStartupDelay, mhStartupDelayNote, raiseBfdTimers, shortenMhStartupDelay } from './frr-conf.js';

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

describe("the lab's frr.conf on a leaf with Ethernet segments", () => {
  const leaf1 = readFileSync(join(repoRoot, 'golden/quickstart/frr/leaf1/frr.conf'), 'utf8');
  const leaf3 = readFileSync(join(repoRoot, 'golden/quickstart/frr/leaf3/frr.conf'), 'utf8');

  it('shortens the segments\' startup delay right after evpn mh redirect-off, and changes nothing else', () => {
    expect(leaf1).toMatch(/^ evpn mh es-id /m);
    const short = shortenMhStartupDelay(leaf1);
    expect(short.changed).toBe(true);
    expect(short.conf.replace(`evpn mh startup-delay ${labMhStartupDelay}\n`, '')).toBe(leaf1);
    expect(short.conf).toContain(`evpn mh redirect-off\nevpn mh startup-delay ${labMhStartupDelay}\n`);
    expect(shortenMhStartupDelay(short.conf)).toEqual({ conf: short.conf, changed: false });
  });

  it('leaves a leaf without segments alone, and applies both exceptions together', () => {
    expect(leaf3).not.toMatch(/^ evpn mh es-id /m);
    expect(shortenMhStartupDelay(leaf3)).toEqual({ conf: leaf3, changed: false });
    const both = labFrrConf(leaf1, emulatedBfdFloor);
    expect(both).toContain('receive-interval 1000');
    expect(both).toContain(`evpn mh startup-delay ${labMhStartupDelay}`);
    expect(labFrrConf(leaf3, undefined)).toBe(leaf3);
    expect(mhStartupDelayNote()).toContain(`runs it at ${labMhStartupDelay} s`);
  });
});
