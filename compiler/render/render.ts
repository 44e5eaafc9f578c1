/**
 * The render stage: device models → configuration files, through the Handlebars templates of each
 * platform (`templates/<platform>/<file>.hbs` entries, `templates/<platform>/partials/*.hbs`).
 * Templates only format; this module only compiles them, runs them (on the device's template view,
 * template-view.ts) and normalises whitespace.
 */
import { createHash } from 'node:crypto';
import { handlebars } from './handlebars-lib.js';
import type { DeviceModel, Platform } from '../build/device-model.js';
import { compileFastTemplates } from './fast-templates.js';
import { serializeModelChunks } from './model-json.js';
import { createTemplateView, type TemplateView } from './template-view.js';
import { joinChunks, type TextChunks } from './text-chunks.js';
import { mapList } from '../shared/lists.js';

export interface TemplateSource {
  /** Output file name for entries (`frr.conf`), partial name for partials (`router-bgp`). */
  readonly name: string;
  readonly source: string;
}

export interface PlatformTemplates {
  readonly platform: Platform;
  readonly entries: readonly TemplateSource[];
  readonly partials: readonly TemplateSource[];
}

export interface RenderedFile {
  /** Path relative to the output directory, `<device>/<file>`. */
  readonly path: string;
  readonly content: string;
  readonly executable: boolean;
}

/** A rendered file as a compile writes it: its text in chunks (text-chunks.ts). */
export interface ChunkedFile {
  readonly path: string;
  readonly chunks: TextChunks;
  readonly executable: boolean;
}

interface Compiled { readonly file: string; readonly template: (view: TemplateView) => TextChunks; readonly executable: boolean }

/** A file a device's templates make, beside model.json: its path and whether it is executable. */
export interface ConfigFile {
  readonly path: string;
  readonly executable: boolean;
}

/**
 * Which runtime runs the templates: `fast` (fast-templates.ts, the same output as Handlebars for
 * the constructs it supports; a platform whose templates use others runs on Handlebars) or
 * `handlebars` always.
 */
export type TemplateEngine = 'fast' | 'handlebars';

/** Compiles each platform's templates once; renders any number of devices. */
export class Renderer {
  private readonly compiled = new Map<Platform, readonly Compiled[]>();
  /** Whether a platform's templates run on Handlebars (outside clos's own code: see fingerprint()). */
  private readonly onHandlebars: boolean = false;

  constructor(
    private readonly sets: readonly PlatformTemplates[],
    engine: TemplateEngine = 'fast',
  ) {
    for (const set of sets) {
      const fast = engine === 'fast' ? compileFastTemplates(set.entries, set.partials) : undefined;
      if (fast !== undefined) {
        this.compiled.set(
          set.platform,
          mapList(set.entries, (e) => ({ file: e.name, template: (fast.get(e.name) ?? missingTemplate(e.name)).chunks, executable: e.name.endsWith('.sh') })),
        );
        continue;
      }
      this.onHandlebars = true;
      const hb = handlebars().create();
      for (const p of set.partials) hb.registerPartial(p.name, hb.compile(p.source, renderCompileOptions));
      this.compiled.set(
        set.platform,
        mapList(set.entries, (e) => {
          const template = hb.compile(e.source, renderCompileOptions);
          return { file: e.name, template: (view: TemplateView) => [template(view)], executable: e.name.endsWith('.sh') };
        }),
      );
    }
  }

  platforms(): Platform[] {
    return [...this.compiled.keys()];
  }

  /** The files of one device, model.json first. */
  render(device: DeviceModel): RenderedFile[] {
    return mapList(this.renderChunks(device), (f) => ({ path: f.path, content: joinChunks(f.chunks), executable: f.executable }));
  }

  /** render() in chunks, as files are written and compared (text-chunks.ts). */
  renderChunks(device: DeviceModel): ChunkedFile[] {
    return [this.modelFile(device), ...this.renderConfigs(device)];
  }

  /** A device's model.json, in chunks. */
  modelFile(device: DeviceModel): ChunkedFile {
    return { path: `${device.name}/model.json`, chunks: serializeModelChunks(device), executable: false };
  }

  /** The files a device's templates make (render() less model.json), in chunks. */
  renderConfigs(device: DeviceModel): ChunkedFile[] {
    const view = createTemplateView(device);
    return mapList(this.templatesOf(device), (t) => ({ path: `${device.name}/${t.file}`, chunks: normalizeChunks(t.template(view)), executable: t.executable }));
  }

  /** The files renderConfigs() makes for the device, without making them. */
  configFiles(device: DeviceModel): ConfigFile[] {
    return mapList(this.templatesOf(device), (t) => ({ path: `${device.name}/${t.file}`, executable: t.executable }));
  }

  /**
   * What this renderer makes of a model, as one value: the sha256 of `code` (the identity of the
   * code that renders: normalising, serialising, the template runtime) and every template's name
   * and text. Two renderers with the same fingerprint make the same files from the same model.json
   * (a device's files are a function of its model.json: `clos verify <dir>` renders them from it).
   * Undefined without a code identity, or when a platform's templates run on Handlebars, a library
   * outside that code.
   */
  fingerprint(code: string | undefined): string | undefined {
    if (code === undefined || this.onHandlebars) return undefined;
    const hash = createHash('sha256').update(`clos renderer\0${code}\0`);
    const texts = (list: readonly TemplateSource[]): void => {
      for (const t of list) hash.update(`${t.name.length}:${t.name}${t.source.length}:`).update(t.source);
    };
    for (const set of [...this.sets].sort((a, b) => (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0))) {
      hash.update(`\0${set.platform}\0entries ${set.entries.length}\0`);
      texts(set.entries);
      hash.update(`\0partials ${set.partials.length}\0`);
      texts(set.partials);
    }
    return hash.digest('hex');
  }

  private templatesOf(device: DeviceModel): readonly Compiled[] {
    const templates = this.compiled.get(device.platform);
    if (templates === undefined) throw new Error(`internal error: no templates for platform ${device.platform}`);
    return templates;
  }
}

/** Handlebars options of every template: no HTML escaping, missing fields are errors. */
export const renderCompileOptions = { noEscape: true, strict: true, preventIndent: false } as const;

function missingTemplate(name: string): never {
  throw new Error(`internal error: template ${name} was not compiled`);
}

/** What normalizeText may have to remove inside a text: a blank before a newline, or a run of blank lines. */
const maybeAbnormal = /[\t ]\n|\n\n\n/;

/**
 * LF endings, no trailing spaces or tabs, no leading blank lines, no runs of blank lines, exactly
 * one final newline. A few whole-text regular expressions rather than a loop over lines: the
 * templates emit ~200 MB for a thousand-leaf fabric and a per-line loop cost 1.5 s of it.
 */
export function normalizeText(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // Searching is native and much faster than running the replacing expressions over text that has
  // nothing to replace, which is the usual case. One regular expression tells that case: about
  // twice as fast as the three string searches it stands for (bench/PROFILE.md, section 31), which
  // run as before when it finds something.
  const last = lf.charCodeAt(lf.length - 1);
  const endsBlank = last === 32 || last === 9;
  const normal = !endsBlank && !maybeAbnormal.test(lf);
  const trailing = !normal && (endsBlank || lf.includes(' \n') || lf.includes('\t\n'));
  const spaced = trailing ? lf.replace(/[ \t]+(?=\n|$)/g, '') : lf;
  const trimmed = !normal && spaced.includes('\n\n\n') ? spaced.replace(/\n{3,}/g, '\n\n') : spaced;
  let start = 0;
  while (trimmed.charCodeAt(start) === 10) start++;
  let end = trimmed.length;
  while (end > start && trimmed.charCodeAt(end - 1) === 10) end--;
  // Already one final newline and no leading blank line: the text as it is, not a copy.
  if (start === 0 && end > 0 && end === trimmed.length - 1) return trimmed;
  return `${trimmed.slice(start, end)}\n`;
}

/**
 * normalizeText of the chunks' text, as chunks: the chunks themselves when the text is already
 * normal (the usual case; each chunk and each seam between two is searched, never the whole text),
 * otherwise the whole text normalized, as one chunk.
 */
export function normalizeChunks(chunks: TextChunks): TextChunks {
  const parts = chunks.filter((c) => c !== '');
  if (parts.length < 2) return [normalizeText(joinChunks(chunks))];
  let normal = parts[0]?.charCodeAt(0) !== 10;
  // The text's last two characters before each part: a match of maybeAbnormal is at most three
  // characters, so one across a seam lies in these and the part's first two.
  let tail = '';
  for (let i = 0; normal && i < parts.length; i++) {
    const part = parts[i] ?? '';
    normal = !part.includes('\r') && !maybeAbnormal.test(part) && !maybeAbnormal.test(tail + part.slice(0, 2));
    tail = part.length >= 2 ? part.slice(-2) : (tail + part).slice(-2); // (the part is flat by now: test() flattened it)
  }
  // Ends with exactly one newline (which also means it does not end blank).
  if (normal && tail.charCodeAt(1) === 10 && tail.charCodeAt(0) !== 10) return parts;
  return [normalizeText(joinChunks(chunks))];
}
