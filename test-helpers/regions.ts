/**
 * Compiles a region example (intent/examples/<name>/ with region.yaml) in memory, optionally
 * edited, for the golden files and the review tests: every fabric built and rendered, the region
 * manifest, the plan, and the region as one side of a change impact.
 */
import { join } from 'node:path';
import type { Platform } from '../compiler/build/device-model.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { formatDiagnostic } from '../compiler/diagnostics/format.js';
import { readRegion } from '../cli/region-files.js';
import { parseRegionFile, regionFileName } from '../region/load-region.js';
import { createRenderer } from '../cli/templates.js';
import { regionSide, type RegionSide } from '../review/region-impact.js';
import type { RegionModel } from '../region/region-model.js';
import { regionPlatforms, renderRegion, type RegionOutput } from '../region/render-region.js';
import { resolveRegion } from '../region/resolve-region.js';
import { examplesDir, repoRoot } from './examples.js';
import type { IntentEdit } from './review.js';

export interface CompiledRegionExample {
  readonly region: RegionModel;
  readonly output: RegionOutput;
  readonly side: RegionSide;
}

/** Compiles a region example after edits (`file` is relative to the region: `az2/fabric.yaml`, `region.yaml`). */
export function compileRegionExample(example: string, label: string, edits: readonly IntentEdit[] = [], platform?: Platform): CompiledRegionExample {
  const { loaded } = readRegion(join(examplesDir, example), repoRoot);
  const apply = (name: string, text: string): string => {
    let out = text;
    for (const e of edits.filter((x) => x.file === name)) {
      const count = out.split(e.from).length - 1;
      if (count !== 1) throw new Error(`edit of ${example}/${e.file}: '${e.from}' occurs ${count} times, expected once`);
      out = out.replace(e.from, e.to);
    }
    return out;
  };
  // region.yaml is parsed when read: an edit of it parses the edited text again.
  const regionText = loaded.texts.get(regionFileName) ?? '';
  const file = edits.some((e) => e.file === regionFileName) ? parseRegionFile({ name: regionFileName, text: apply(regionFileName, regionText) }).file : loaded.file;
  const editedRegion = { ...loaded, file, fabrics: loaded.fabrics.map((f) => ({ ...f, sources: f.sources.map((s) => ({ ...s, text: apply(s.name, s.text) })) })) };
  const resolved = resolveRegion(editedRegion, { platform });
  if (resolved.region === undefined || hasErrors(resolved.diagnostics)) {
    throw new Error(`${example} (${label}) does not compile:\n${resolved.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n')}`);
  }
  const region = resolved.region;
  const { renderer, missing } = createRenderer(regionPlatforms(region));
  if (missing.length > 0) throw new Error(`no templates for ${missing.join(', ')}`);
  const output = renderRegion(region, renderer);
  return { region, output, side: regionSide(label, region, output) };
}

/** The scripted change the region's diff golden file records: a subnet of one fabric moves. */
export const regionChanges: Readonly<Record<string, { edit: IntentEdit; what: string }>> = {
  region: { what: 'az2 web moved to 10.2.11.0/24', edit: { file: 'az2/fabric.yaml', from: 'subnet: 10.2.10.0/24', to: 'subnet: 10.2.11.0/24' } },
};
