/** Loads the Handlebars templates of each platform from `templates/<platform>/`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '../compiler/build/device-model.js';
import type { PlatformTemplates, Renderer, TemplateSource } from '../compiler/render/render.js';
import { createRenderer as createRendererFrom } from '../compiler/compile-in-memory.js';
import { packageRoot } from './package-root.js';

export const allPlatforms: readonly Platform[] = ['frr', 'eos', 'nxos'];

export function loadPlatformTemplates(platform: Platform, root = join(packageRoot(), 'templates')): PlatformTemplates | undefined {
  const dir = join(root, platform);
  if (!existsSync(dir)) return undefined;
  const entries: TemplateSource[] = readdirSync(dir)
    .filter((n) => n.endsWith('.hbs'))
    .sort()
    .map((n) => ({ name: n.slice(0, -'.hbs'.length), source: readFileSync(join(dir, n), 'utf8') }));
  const partialDir = join(dir, 'partials');
  const partials: TemplateSource[] = existsSync(partialDir)
    ? readdirSync(partialDir)
        .filter((n) => n.endsWith('.hbs'))
        .sort()
        .map((n) => ({ name: n.slice(0, -'.hbs'.length), source: readFileSync(join(partialDir, n), 'utf8') }))
    : [];
  if (entries.length === 0) return undefined;
  return { platform, entries, partials };
}

/** A renderer for the platforms the devices use, with the templates shipped in this package; reports platforms that have no templates yet. */
export function createRenderer(platforms: Iterable<Platform>): { renderer: Renderer; missing: Platform[] } {
  return createRendererFrom(platforms, (p) => loadPlatformTemplates(p));
}
