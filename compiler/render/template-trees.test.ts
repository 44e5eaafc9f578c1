/**
 * Parse trees carried by the bundle (template-trees.ts): a tree is used only for its own text, and
 * templates compiled from trees that went through JSON render what Handlebars's fresh parse renders.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handlebars } from './handlebars-lib.js';
import { compileFastTemplates } from './fast-templates.js';
import { parseTemplate, parseTemplateTreesJson, provideTemplateTrees, templateTreesJson } from './template-trees.js';
import { Renderer } from './render.js';
import { allPlatforms, loadPlatformTemplates } from '../../cli/templates.js';
import { compileIntent } from '../compile.js';
import { readIntent } from '../../cli/intent-files.js';
import { examplesDir, exampleNames, repoRoot } from '../../test-helpers/examples.js';
import { join } from 'node:path';
import type { DeviceModel, Platform } from '../build/device-model.js';

function exampleDevices(platform: Platform): DeviceModel[] {
  return exampleNames().flatMap((example) => compileIntent(readIntent(join(examplesDir, example), repoRoot).sources, { platform }).devices ?? []);
}

afterEach(() => {
  provideTemplateTrees(() => new Map());
});

describe('template trees', () => {
  it('are used for their own text only', () => {
    const source = 'a {{b}} c\n';
    const tree = handlebars().parse('x');
    provideTemplateTrees(() => new Map([[source, tree]]));
    expect(parseTemplate(source)).toBe(tree);
    expect(parseTemplate(`${source} `)).toEqual(handlebars().parse(`${source} `));
  });

  it('are loaded once, on the first parse', () => {
    let loads = 0;
    provideTemplateTrees(() => {
      loads++;
      return new Map();
    });
    expect(loads).toBe(0);
    parseTemplate('a');
    parseTemplate('b');
    expect(loads).toBe(1);
  });

  it('render every example exactly as a fresh parse does, after a trip through JSON', () => {
    const sets = allPlatforms.map((p) => loadPlatformTemplates(p)).filter((t) => t !== undefined);
    const json = templateTreesJson(sets.flatMap((t) => [...t.entries, ...t.partials].map((s) => s.source)));
    const fresh = new Renderer(sets);
    provideTemplateTrees(() => parseTemplateTreesJson(json));
    for (const set of sets) expect(compileFastTemplates(set.entries, set.partials), set.platform).toBeDefined();
    const carried = new Renderer(sets);
    for (const platform of allPlatforms) {
      for (const device of exampleDevices(platform)) expect(carried.render(device)).toEqual(fresh.render(device));
    }
  });
});
