/**
 * Handlebars parse trees of the templates, for fast-templates.ts. Parsing the 28 shipped templates
 * with Handlebars's parser needs Handlebars itself (loaded in ~25 ms) and ~45 ms of parsing: a
 * third of the quickstart's compile (bench/PROFILE.md, round 4). The bundled CLI (cli/bundle.ts)
 * carries the trees of the shipped templates, parsed at build time, and provides them here; a
 * template whose text is not one of them (running from sources, an edited template) is parsed
 * now. Trees are looked up by the template's exact text, so a tree is always its text's.
 */
import { handlebars } from './handlebars-lib.js';
import { mapList } from '../shared/lists.js';

/** Parse trees by template text. */
export interface Trees {
  get(source: string): hbs.AST.Program | undefined;
}

let provided: (() => Trees) | undefined;
let trees: Trees | undefined;

/** Makes `load` (called once, on the first parse) the source of ready parse trees, by template text. */
export function provideTemplateTrees(load: () => Trees): void {
  provided = load;
  trees = undefined;
}

/** Whether parse trees were provided (the bundle's): without them every template is parsed with Handlebars. */
export function templateTreesProvided(): boolean {
  return provided !== undefined;
}

/** The parse tree of a template's text: a provided one, or Handlebars's parse now. */
export function parseTemplate(source: string): hbs.AST.Program {
  if (provided !== undefined) {
    trees ??= provided();
    const tree = trees.get(source);
    if (tree !== undefined) return tree;
  }
  return handlebars().parse(source);
}

/**
 * What the bundle carries: each template text with its parse tree as a JSON text of its own, so
 * that a run parses the trees of only the templates it uses (a compile of FRR devices, none of
 * EOS's or NX-OS's: measured, all three platforms' trees were ~20 ms of the quickstart's start-up
 * and most of its garbage). Source positions (`loc`) are left out: nothing reads them once the
 * text parsed.
 */
export function templateTreesJson(sources: Iterable<string>): string {
  const entries = mapList([...new Set(sources)], (s) => [s, JSON.stringify(handlebars().parse(s), (key, value: unknown) => (key === 'loc' ? undefined : value))] as const);
  return JSON.stringify(entries);
}

/** Reads templateTreesJson's text back; each tree is parsed on its first lookup. */
export function parseTemplateTreesJson(json: string): Trees {
  const texts = new Map(JSON.parse(json) as [string, string][]);
  const parsed = new Map<string, hbs.AST.Program>();
  return {
    get(source: string): hbs.AST.Program | undefined {
      let tree = parsed.get(source);
      if (tree === undefined) {
        const text = texts.get(source);
        if (text === undefined) return undefined;
        tree = JSON.parse(text) as hbs.AST.Program;
        parsed.set(source, tree);
      }
      return tree;
    },
  };
}
