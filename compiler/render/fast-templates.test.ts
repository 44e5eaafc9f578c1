/**
 * The fast template runtime against Handlebars itself: same text, or both throw, for every
 * construct it supports, on the real templates and device models, and undefined (Handlebars is
 * used) for every construct it does not.
 */
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { allPlatforms, loadPlatformTemplates } from '../../cli/templates.js';
import { generateIntent } from '../../bench/generate-intent.js';
import { compileIntent } from '../compile.js';
import { compileFastTemplates } from './fast-templates.js';
import { chunkLength } from './text-chunks.js';
import { renderCompileOptions } from './render.js';
import { createTemplateView } from './template-view.js';

type Outcome = { text: string } | { threw: true };

function viaHandlebars(source: string, partials: Record<string, string>, context: unknown): Outcome {
  const hb = Handlebars.create();
  for (const [name, p] of Object.entries(partials)) hb.registerPartial(name, hb.compile(p, renderCompileOptions));
  try {
    return { text: hb.compile(source, renderCompileOptions)(context) };
  } catch {
    return { threw: true };
  }
}

function viaFast(source: string, partials: Record<string, string>, context: unknown): Outcome | 'unsupported' {
  const compiled = compileFastTemplates(
    [{ name: 'main', source }],
    Object.entries(partials).map(([name, p]) => ({ name, source: p })),
  );
  const template = compiled?.get('main');
  if (template === undefined) return 'unsupported';
  try {
    return { text: template(context) };
  } catch {
    return { threw: true };
  }
}

const partials = {
  header: '{{comment}} {{name}}{{#if rack}}, rack {{rack}}{{/if}}\n',
  list: '{{#each this}}\n- {{this}}\n{{/each}}\n',
  nested: '{{> header comment="#"}}inner {{@root.name}}\n',
  'odd"name': 'odd {{name}}\n',
};

const templates = [
  'plain text\nwith lines\n',
  '{{name}}|{{a.b}}|{{this.name}}|{{./name}}',
  '{{a}}{{b}}',
  '{{a}}{{b}}!',
  'x{{a}}{{b}}',
  '{{#if a}}{{a}}{{b}}{{/if}}',
  '{{#each list}}{{this}}{{/each}}',
  '{{#each list}}{{@index}}:{{this}}{{#unless @last}},{{/unless}}{{/each}}',
  '{{#each list}}{{#unless @first}},{{/unless}}{{this}}{{/each}}',
  '{{#each obj}}{{@key}}={{this}} {{@index}}{{@first}}{{@last}};{{/each}}',
  '{{#each list}}{{#each ../list}}x{{/each}}{{/each}}',
  '{{#each empty}}never{{else}}none{{/each}}',
  '{{#each missing}}never{{else}}none{{/each}}',
  '{{#each str}}c{{else}}not a list{{/each}}',
  '{{#each rows}}\n  {{name}} {{@root.name}} {{@index}}\n  {{#each cells}}\n    {{this}} of {{@index}}\n  {{/each}}\n{{/each}}\n',
  '{{#if a}}yes{{else}}no{{/if}}',
  '{{#if zero}}yes{{else}}no{{/if}}|{{#unless zero}}u{{/unless}}|{{#with zero}}w{{this}}{{else}}nw{{/with}}',
  '{{#if empty}}yes{{else}}no{{/if}}|{{#if obj}}obj{{/if}}|{{#if nothing}}n{{else if a}}elif{{else}}e{{/if}}',
  '{{#unless a}}no{{else}}yes{{/unless}}',
  '{{#with obj}}{{x}}-{{y}}{{/with}}|{{#with nothing}}x{{else}}none{{/with}}',
  '{{#if a.missing}}y{{else}}n{{/if}}',
  '{{#if missing.deeper}}y{{/if}}',
  '{{missing}}',
  '{{a.missing}}',
  '{{nothing}}|{{undef}}|{{bool}}|{{list}}|{{num}}',
  '{{@root.name}}|{{@root.obj.x}}',
  '{{@index}}',
  '{{! a comment }}x{{!-- another --}}y',
  'a {{~name~}} b\n  {{~#if a}}  c  {{/if~}}\n d',
  '{{> header comment="!"}}',
  '{{> header}}',
  '{{> list list}}',
  '  {{> list list}}\nafter\n',
  'line\n    {{> nested}}\n',
  '{{#each rows}}\n  {{> header comment="*"}}\n{{/each}}',
  '{{> missingPartial}}',
  '{{#each list}}\n{{#if @first}}first\n{{/if}}\n{{this}}\n{{/each}}\n',
  '{{#if true}}t{{/if}}{{#if 0}}z{{else}}nz{{/if}}{{#with "s"}}{{this}}{{/with}}',
  '{{#each nulls}}[{{this}}]{{#if this}}t{{else}}f{{/if}}{{/each}}',
  // Keys, names and text with characters a runtime must keep as data, and inherited names.
  '{{[we"ird]}}|{{[a\\b]}}|{{obj.[x]}}|"quoted" \\ back`tick` ${no} \u2028|',
  '{{#with obj}}{{[constructor]}}{{/with}}',
  '{{[__proto__]}}',
  '{{> [odd"name]}}',
];

const contexts: unknown[] = [
  {
    name: 'leaf1',
    rack: 'r1',
    a: 5,
    b: 3,
    zero: 0,
    num: 7,
    bool: true,
    nothing: null,
    undef: undefined,
    str: 'abc',
    list: [1, 2, 3],
    empty: [],
    obj: { x: 'X', y: 2 },
    rows: [
      { name: 'r1', cells: ['a', 'b'], comment: 'c' },
      { name: 'r2', cells: [] },
    ],
    nulls: [null, 0, ''],
    'we"ird': 'W',
    'a\\b': 'AB',
  },
  { name: 'other', a: 'A', b: 'B', list: [], rows: [], obj: {}, zero: 1, empty: [0], nothing: 0, undef: 'u', str: '', num: 0, bool: false, nulls: [] },
  { name: 'sparse', a: 0, b: null, list: ['x'], rows: [{ name: 'only', cells: [1] }] },
  {},
];

describe('compileFastTemplates', () => {
  it('renders what Handlebars renders, or throws where it throws', () => {
    for (const source of templates) {
      for (const [i, context] of contexts.entries()) {
        const fast = viaFast(source, partials, context);
        if (fast === 'unsupported') {
          expect(source).toContain('../');
          continue;
        }
        expect(fast, `${JSON.stringify(source)} with context ${i}`).toEqual(viaHandlebars(source, partials, context));
      }
    }
  });

  it('leaves to Handlebars what it does not implement', () => {
    for (const source of [
      '{{lookup obj "x"}}',
      '{{#each list as |item|}}{{item}}{{/each}}',
      '{{#list}}x{{/list}}',
      '{{../name}}',
      '{{#if a includeZero=true}}x{{/if}}',
      '{{#> header}}default{{/header}}',
      '{{> (lookup . "p")}}',
      '{{#if (lookup obj "x")}}x{{/if}}',
      '{{log "x"}}',
      '{{name "arg"}}',
      '{{#*inline "p"}}x{{/inline}}',
    ]) {
      expect(viaFast(source, partials, contexts[0]), source).toBe('unsupported');
    }
  });

  it('reuses the text of a loop body only where it reads nothing but a frozen item', () => {
    const deepFreeze = <T>(v: T): T => {
      if (typeof v === 'object' && v !== null) {
        for (const x of Object.values(v)) deepFreeze(x);
        Object.freeze(v);
      }
      return v;
    };
    const shared = deepFreeze([
      { name: 'a', tags: ['x', 'y'], inner: { n: 1 } },
      { name: 'b', tags: [], inner: { n: 2 } },
    ]);
    const shallow = Object.freeze([Object.freeze({ name: 'c', inner: { n: 3 } })]);
    const sources = [
      // Item-only bodies: cached for frozen items.
      '{{#each rows}}{{name}}:{{#each tags}}{{#unless @first}},{{/unless}}{{this}}{{/each}} {{inner.n}};{{/each}}\n',
      '{{#each rows}}\n{{#each this.tags}}\n- {{this}}\n{{/each}}\n{{/each}}\n',
      // Bodies that read beyond the item: never cached.
      '{{#each rows}}{{name}}{{@root.suffix}}{{@index}};{{/each}}',
      '{{#each rows}}{{> header comment=name}}{{/each}}',
    ];
    for (const source of sources) {
      const compiled = compileFastTemplates([{ name: 'main', source }], Object.entries(partials).map(([name, p]) => ({ name, source: p })));
      const template = compiled?.get('main');
      for (const [i, context] of [
        { rows: shared, suffix: '!' },
        { rows: shared, suffix: '?', name: 'n' },
        { rows: [...shared].reverse(), suffix: '' },
        { rows: shallow, suffix: '.' },
      ].entries()) {
        expect(template?.(context), `${JSON.stringify(source)} with context ${i}`).toBe((viaHandlebars(source, partials, context) as { text: string }).text);
      }
    }
    // A frozen item whose nested object is not frozen is rendered each time, so a change shows.
    const template = compileFastTemplates([{ name: 'main', source: '{{#each rows}}{{inner.n}}{{/each}}' }], [])?.get('main');
    expect(template?.({ rows: shallow })).toBe('3');
    (shallow[0] as { inner: { n: number } }).inner.n = 4;
    expect(template?.({ rows: shallow })).toBe('4');
  });

  it('gives a long text in chunks of about 64 KB whose text is the template\'s', () => {
    const template = compileFastTemplates([{ name: 'main', source: '{{#each rows}}\nrow {{@index}} {{name}}{{> cell}}\n{{/each}}' }], [{ name: 'cell', source: ' [{{name}}]' }])?.get('main');
    const rows = Array.from({ length: 20000 }, (_, i) => ({ name: `n${i}` }));
    const chunks = template?.chunks({ rows }) ?? [];
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(template?.({ rows }));
    expect(chunks.join('')).toBe((viaHandlebars('{{#each rows}}\nrow {{@index}} {{name}}{{> cell}}\n{{/each}}', { cell: ' [{{name}}]' }, { rows }) as { text: string }).text);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(chunkLength + 100);
  });

  it('renders every platform template exactly as Handlebars does, on real device models', () => {
    const generated = generateIntent({ spines: 3, leaves: 10, tenants: 3, vrfs: 5, networks: 60, networksPerLeaf: 20, serversPerLeaf: 12, seed: 9 });
    for (const platform of allPlatforms) {
      const set = loadPlatformTemplates(platform);
      if (set === undefined) continue;
      const fast = compileFastTemplates(set.entries, set.partials);
      expect(fast, `the ${platform} templates use only what the fast runtime supports`).toBeDefined();
      const hb = Handlebars.create();
      for (const p of set.partials) hb.registerPartial(p.name, hb.compile(p.source, renderCompileOptions));
      const devices = compileIntent(generated.files, { platform }).devices ?? [];
      expect(devices.length).toBe(13);
      for (const e of set.entries) {
        const reference = hb.compile(e.source, renderCompileOptions);
        for (const device of devices) {
          // What the renderer gives the templates: the model and its physical ports (template-view.ts).
          const view = createTemplateView(device);
          expect(fast?.get(e.name)?.(view), `${platform} ${e.name} ${device.name}`).toBe(reference(view));
          expect(fast?.get(e.name)?.chunks(view).join(''), `${platform} ${e.name} ${device.name} in chunks`).toBe(reference(view));
        }
      }
    }
  });
});
