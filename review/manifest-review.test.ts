import { describe, expect, it } from 'vitest';
import { manifestFile } from '../compiler/render/manifest.js';
import { compileEditedExample, type IntentEdit } from '../test-helpers/review.js';
import { computeImpact, type CompiledSide } from './change-impact.js';
import { formatImpactText, impactToJson } from './format-impact.js';
import { checkRecordedFiles, compareSettings } from './manifest-review.js';
import { verifyDevices } from './verify-adapter.js';

/** quickstart with a `fabric.verify` block (it has none: the defaults, hop_limit 2 and failures 1). */
function verifySettings(hopLimit: number, failures: number): IntentEdit {
  const pools = '    p2p: 10.1.0.0/16          # leaf-spine /31s\n';
  return { file: 'fabric.yaml', from: pools, to: `${pools}  verify:\n    hop_limit: ${hopLimit}\n    failures: ${failures}\n` };
}

/** A side as a build directory holds it, with one file replaced, removed or added after clos wrote it. */
function edited(side: CompiledSide, path: string, content: string | undefined): CompiledSide {
  const files = new Map(side.files);
  if (content === undefined) files.delete(path);
  else files.set(path, content);
  return { ...side, files, recordedFiles: checkRecordedFiles(files) };
}

describe('fabric-wide settings in a change impact', () => {
  it('names a change of the verification settings, which changes no device file, and verifies each side with its own', () => {
    const before = compileEditedExample('quickstart', 'main');
    const after = compileEditedExample('quickstart', 'change', [verifySettings(1, 0)]);
    const impact = computeImpact(before.side, after.side, { verify: verifyDevices });
    expect(impact.devices).toEqual([]);
    expect(impact.settings.map((s) => [s.setting, s.before, s.after])).toEqual([
      ['fabric.verify.hop_limit', 2, 1],
      ['fabric.verify.failures', 1, 0],
    ]);
    // hop_limit 1 fails every pair of leaves, which are two links apart: the setting alone introduces it.
    if (!impact.verification.ran) throw new Error('verification should have run');
    expect(impact.verification.introduced.map((f) => f.code)).toEqual(['CLOS5081']);
    const lines = formatImpactText(impact, { stat: true }).split('\n');
    expect(lines.slice(0, 8)).toEqual([
      'Change impact: main → change',
      '',
      'Settings (recorded in manifest.json):',
      '  ~ fabric.verify.hop_limit: 2 → 1 (the most underlay links between two leaves verification accepts)',
      '  ~ fabric.verify.failures: 1 → 0 (the spines or links down every verification check must survive)',
      '  each side is verified with its own settings: findings below can come from this change alone',
      '',
      'Verification: 1 finding introduced, 0 fixed, 0 unchanged',
    ]);
    expect(impactToJson(impact, { stat: true })['settings']).toEqual([
      { setting: 'fabric.verify.hop_limit', before: 2, after: 1, meaning: 'the most underlay links between two leaves verification accepts' },
      { setting: 'fabric.verify.failures', before: 1, after: 0, meaning: 'the spines or links down every verification check must survive' },
    ]);
  });

  it('says nothing of settings that are the same, and lists none in JSON', () => {
    const before = compileEditedExample('quickstart', 'main');
    const same = compileEditedExample('quickstart', 'same', [verifySettings(2, 1)]);
    const impact = computeImpact(before.side, same.side);
    expect(impact.settings).toEqual([]);
    expect(formatImpactText(impact, { stat: true })).not.toContain('Settings');
    expect(impactToJson(impact, { stat: true })['settings']).toEqual([]);
  });

  it("names a renamed fabric, and compares nothing with a side that has no manifest", () => {
    const before = compileEditedExample('quickstart', 'main');
    const renamed = compileEditedExample('quickstart', 'renamed', [{ file: 'fabric.yaml', from: 'name: quickstart', to: 'name: qs2' }]);
    expect(compareSettings(before.side.files, renamed.side.files).map((s) => [s.setting, s.before, s.after])).toEqual([['fabric.name', 'quickstart', 'qs2']]);
    expect(compareSettings(new Map(), renamed.side.files)).toEqual([]);
    // A manifest without its verification settings (written by hand) does not say, so no change is claimed.
    const manifest = JSON.parse(before.side.files.get(manifestFile) ?? '') as Record<string, unknown>;
    const bare = new Map([[manifestFile, JSON.stringify({ ...manifest, verify: undefined })]]);
    const strict = compileEditedExample('quickstart', 'strict', [verifySettings(1, 0)]);
    expect(compareSettings(bare, strict.side.files)).toEqual([]);
  });
});

describe('files of a build directory that are not what its manifest records', () => {
  const build = compileEditedExample('quickstart', 'build');

  it('finds none in the files clos wrote, and each file edited, removed or added by hand', () => {
    expect(checkRecordedFiles(build.side.files)).toEqual([]);
    expect(checkRecordedFiles(new Map([['leaf1/frr.conf', 'x']]))).toEqual([]);
    let side = edited(build.side, 'leaf1/frr.conf', (build.side.files.get('leaf1/frr.conf') ?? '').replace('hostname leaf1\n', 'hostname leaf1-x\n'));
    side = edited(side, 'leaf2/interfaces.sh', undefined);
    side = edited(side, 'spine1/notes.txt', 'notes\n');
    expect(side.recordedFiles).toEqual([
      { path: 'leaf1/frr.conf', problem: 'sha256' },
      { path: 'leaf2/interfaces.sh', problem: 'missing' },
      { path: 'spine1/notes.txt', problem: 'unlisted' },
    ]);
  });

  it('says so beside the device in the summary and above its diff, and lists it in JSON', () => {
    const side = edited(build.side, 'leaf1/frr.conf', (build.side.files.get('leaf1/frr.conf') ?? '').replace('hostname leaf1\n', 'hostname leaf1-x\n'));
    const impact = computeImpact(side, compileEditedExample('quickstart', 'working tree').side);
    expect(impact.manifestMismatches).toEqual([{ side: 'before', device: 'leaf1', path: 'leaf1/frr.conf', problem: 'sha256' }]);
    const note = "! build: leaf1/frr.conf does not have the sha256 manifest.json records: edited after clos wrote it, so its diff is the edit's, not the intent's";
    const text = formatImpactText(impact, { stat: false });
    expect(text).toContain(`  leaf1  changed  +1 -1        frr.conf +1 -1\n    ${note}\n`);
    expect(text).toContain(`=== leaf1 (changed, +1 -1)\n${note}\n--- a/leaf1/frr.conf`);
    expect(impactToJson(impact, { stat: true })['manifestMismatches']).toEqual([{ side: 'before', path: 'leaf1/frr.conf', device: 'leaf1', problem: 'sha256' }]);
  });

  it('still says so when the intent now makes the same edit, and the device is unchanged', () => {
    const after = compileEditedExample('quickstart', 'after', [{ file: 'fabric.yaml', from: 'vlan: 110', to: 'vlan: 115' }]);
    // The build holds after's leaf1 files: edited by hand to what the intent now renders.
    let side = build.side;
    for (const path of ['leaf1/frr.conf', 'leaf1/interfaces.sh', 'leaf1/model.json']) side = edited(side, path, after.side.files.get(path));
    const impact = computeImpact(side, after.side);
    expect(impact.devices.map((d) => d.name)).not.toContain('leaf1');
    expect(impact.manifestMismatches.map((m) => m.path)).toEqual(['leaf1/frr.conf', 'leaf1/interfaces.sh', 'leaf1/model.json']);
    const text = formatImpactText(impact, { stat: true });
    expect(text).toContain('\n  ! build: leaf1/frr.conf does not have the sha256 manifest.json records');
  });
});
