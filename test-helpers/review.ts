/**
 * Compiles an example intent in memory, optionally edited, as one side of a change impact: for the
 * review tests and the diff golden files ("change one line of an example, see what changes").
 */
import type { Platform } from '../compiler/build/device-model.js';
import { join } from 'node:path';
import { compileIntent, renderOutput } from '../compiler/compile.js';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { formatDiagnostic } from '../compiler/diagnostics/format.js';
import type { FabricModel } from '../compiler/resolve/fabric-model.js';
import type { RenderedFile } from '../compiler/render/render.js';
import { readIntent } from '../cli/intent-files.js';
import { createRenderer } from '../cli/templates.js';
import { sideFromOutput, type CompiledSide } from '../review/change-impact.js';
import { examplesDir, repoRoot } from './examples.js';

/** One exact textual replacement in one file of an example; it must match exactly once. */
export interface IntentEdit {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

export interface CompiledExample {
  readonly fabric: FabricModel;
  readonly devices: readonly DeviceModel[];
  readonly files: readonly RenderedFile[];
  readonly side: CompiledSide;
}

/** Compiles an example after edits; `platform` overrides every device's (as `--platform` does). */
export function compileEditedExample(example: string, label: string, edits: readonly IntentEdit[] = [], platform?: Platform): CompiledExample {
  const onDisk = readIntent(join(examplesDir, example), repoRoot);
  const sources = onDisk.sources.map((s) => {
    let text = s.text;
    for (const e of edits.filter((x) => x.file === s.name)) {
      const count = text.split(e.from).length - 1;
      if (count !== 1) throw new Error(`edit of ${example}/${e.file}: '${e.from}' occurs ${count} times, expected once`);
      text = text.replace(e.from, e.to);
    }
    return { ...s, text };
  });
  const result = compileIntent(sources, { platform });
  const problems = [...onDisk.diagnostics, ...result.diagnostics];
  if (result.fabric === undefined || result.devices === undefined || hasErrors(problems)) {
    throw new Error(`${example} (${label}) does not compile:\n${problems.map((d) => formatDiagnostic(d, { color: false })).join('\n')}`);
  }
  const { renderer } = createRenderer(result.devices.map((d) => d.platform));
  const files = renderOutput(result.fabric, result.devices, renderer).files;
  return { fabric: result.fabric, devices: result.devices, files, side: sideFromOutput(label, files, result.devices, result.fabric.settings) };
}

/** The scripted one-line changes the diff golden files record: one network's VLAN per example. */
export const vlanChanges: Readonly<Record<string, { network: string; edit: IntentEdit; from: number; to: number }>> = {
  quickstart: { network: 'web', edit: { file: 'fabric.yaml', from: 'vlan: 110', to: 'vlan: 115' }, from: 110, to: 115 },
  mixed: { network: 'db', edit: { file: 'fabric.yaml', from: 'vlan: 130', to: 'vlan: 135' }, from: 130, to: 135 },
  dc1: { network: 'retail-db', edit: { file: 'tenant-retail.yaml', from: 'vlan: 102,', to: 'vlan: 104,' }, from: 102, to: 104 },
};
