/**
 * A faster runtime for the part of Handlebars that clos's templates use, producing exactly what
 * Handlebars produces (render.ts's options: noEscape, strict, preventIndent false).
 *
 * Why: on a thousand-leaf fabric the Handlebars runtime cost ~2.5 s of CPU for ~200 MB of text,
 * most of it generic machinery (helper dispatch, option objects, frames, prototype-access checks
 * on every lookup). Templates stay Handlebars: this module takes Handlebars's own parse tree (with
 * its whitespace control already applied) and turns it into closures.
 *
 * Supported: text; comments; `{{path}}` and `{{{path}}}` (`a.b`, `this`, `this.a`, `@root.a`,
 * `@index`, `@first`, `@last`, `@key`); `{{#if}}`, `{{#unless}}`, `{{#each}}`, `{{#with}}` with one
 * argument (a path or a literal), `{{else}}` and `{{else if …}}`; `{{> partial}}` with at most one
 * context argument and hash arguments, indented like Handlebars indents standalone partials.
 * Anything else (other helpers, sub-expressions, `../`, block parameters, partial blocks,
 * decorators, dynamic partials) makes compileFastTemplates return undefined, and the renderer
 * uses Handlebars for that platform. The semantics copied from Handlebars 4.7, quirks included
 * (two numbers printed side by side at the start of a block are added, as the generated code
 * does), are checked against Handlebars in fast-templates.test.ts.
 */
import { parseTemplate } from './template-trees.js';
import { ChunkedText, joinChunks, type TextChunks } from './text-chunks.js';
import { mapList } from '../shared/lists.js';

/** A compiled template: its text for a context, or the same text in chunks (text-chunks.ts). */
export interface FastTemplate {
  (context: unknown): string;
  readonly chunks: (context: unknown) => TextChunks;
}

interface TemplateText {
  readonly name: string;
  readonly source: string;
}

/** The data frame (`@root`, `@index`…), as Handlebars keeps it. */
type Frame = Record<string, unknown>;

interface Scope {
  readonly context: unknown;
  readonly data: Frame;
}

/** A value, as Handlebars's generated code computes it (not always a string: see Block). */
type Run = (scope: Scope) => unknown;
/** Appends a block's text to `out`. */
type Emit = (scope: Scope, out: RenderedText) => void;

/**
 * A rendered text, grown by concatenation: V8 makes a rope of it. Measured on a thousand-leaf
 * fabric's FRR templates (bench/PROFILE.md, round 2), that is a quarter faster than collecting the
 * parts in an array and joining them; since section 35 the rope is closed every 64 KB
 * (text-chunks.ts), so that flattening it never makes a large-object string.
 */
type RenderedText = ChunkedText;

/**
 * A compiled piece of template, two ways. `value` computes exactly what Handlebars's generated
 * code does: `t1 + t2 + …` with JavaScript's +, so a block that starts with two numbers adds them.
 * `emit` appends each part's `'' + value` to the text (RenderedText) without computing the block's
 * value first; a block whose first two parts may both be non-strings emits its exact value
 * instead, so the two always agree.
 */
interface Block {
  readonly value: Run;
  readonly emit: Emit;
  /** Whether `value` can be something other than a string. */
  readonly mayBeNonString: boolean;
  /** Text (a content statement): emitting it appends this. */
  readonly text?: string;
  /** A printed path (a mustache): emitting it appends `'' + print(scope)` unless that is ''. */
  readonly print?: Run;
}

class Unsupported extends Error {}

/** Helpers every Handlebars environment has: a mustache of one of these names calls it. */
const builtInHelpers = new Set(['blockHelperMissing', 'each', 'helperMissing', 'if', 'unless', 'log', 'lookup', 'with']);

/** What a helper's `this` is when the context is null or undefined (Handlebars's nullContext). */
const nullContext = Object.seal({});

const emptyBlock: Block = { value: () => '', emit: () => undefined, mayBeNonString: false };

/**
 * Compiles a platform's entry templates with its partials; undefined when any of them uses more
 * than the supported subset.
 */
export function compileFastTemplates(entries: readonly TemplateText[], partials: readonly TemplateText[]): Map<string, FastTemplate> | undefined {
  const compiledPartials = new Map<string, Block>();
  try {
    for (const p of partials) compiledPartials.set(p.name, compileProgram(parseTemplate(p.source), compiledPartials));
    const out = new Map<string, FastTemplate>();
    for (const e of entries) {
      const block = compileProgram(parseTemplate(e.source), compiledPartials);
      const chunks = (context: unknown): TextChunks => {
        const text = new ChunkedText();
        block.emit({ context, data: { root: context } }, text);
        return text.done();
      };
      out.set(e.name, Object.assign((context: unknown) => joinChunks(chunks(context)), { chunks }));
    }
    return out;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function compileProgram(program: hbs.AST.Program | undefined, partials: ReadonlyMap<string, Block>): Block {
  if (program === undefined) return emptyBlock;
  // Typed as always there; the parser leaves it out when a block has none.
  const blockParams = (program as { readonly blockParams?: readonly string[] }).blockParams;
  if (blockParams !== undefined && blockParams.length > 0) throw new Unsupported();
  const terms: Block[] = [];
  for (const statement of program.body) {
    const term = compileStatement(statement, partials);
    if (term !== undefined) terms.push(term);
  }
  const [first, second, ...rest] = terms;
  if (first === undefined) return emptyBlock;
  if (second === undefined) return first;
  const tail = [second, ...rest];
  const value: Run = (scope) => {
    let acc = first.value(scope);
    for (const term of tail) acc = plus(acc, term.value(scope));
    return acc;
  };
  const emit: Emit =
    first.mayBeNonString && second.mayBeNonString
      ? (scope, out) => {
          out.push(text(value(scope)));
        }
      : (scope, out) => {
          // Text and printed paths, most of a template, are appended here rather than through
          // each term's own emit: one call site calling a dozen kinds of closure is megamorphic and
          // measured slower (bench/PROFILE.md, round 3).
          for (const term of terms) {
            if (term.text !== undefined) {
              out.push(term.text);
            } else if (term.print !== undefined) {
              const v = term.print(scope);
              if (typeof v === 'string') {
                if (v !== '') out.push(v);
              } else {
                out.push(text(v));
              }
            } else {
              term.emit(scope, out);
            }
          }
        };
  return { value, emit, mayBeNonString: terms.every((t) => t.mayBeNonString) };
}

function plus(a: unknown, b: unknown): unknown {
  return (a as string) + (b as string);
}

/** `'' + value`, as the generated code's concatenation converts it. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : (plus('', value) as string);
}

function compileStatement(statement: hbs.AST.Statement, partials: ReadonlyMap<string, Block>): Block | undefined {
  switch (statement.type) {
    case 'ContentStatement': {
      const content = (statement as hbs.AST.ContentStatement).value;
      if (content === '') return undefined;
      return {
        value: () => content,
        emit: (_, out) => {
          out.push(content);
        },
        mayBeNonString: false,
        text: content,
      };
    }
    case 'CommentStatement':
      return undefined;
    case 'MustacheStatement':
      return compileMustache(statement as hbs.AST.MustacheStatement);
    case 'BlockStatement':
      return compileBlock(statement as hbs.AST.BlockStatement, partials);
    case 'PartialStatement':
      return compilePartial(statement as hbs.AST.PartialStatement, partials);
    default:
      throw new Unsupported();
  }
}

function compileMustache(m: hbs.AST.MustacheStatement): Block {
  if (m.params.length > 0 || hashPairs(m.hash).length > 0 || m.path.type !== 'PathExpression') throw new Unsupported();
  const path = m.path as hbs.AST.PathExpression;
  // `{{name}}` with one part could be a helper call.
  if (path.parts.length === 1 && !isScoped(path) && builtInHelpers.has(path.parts[0] ?? '')) throw new Unsupported();
  const name = path.parts[0] ?? '';
  const get = compilePath(path, true);
  // `{{name}}`, most printed paths, reads its one property here: one call fewer per print.
  const value: Run =
    !path.data && path.parts.length === 1
      ? (scope) => {
          const v = strictProperty(scope.context, name);
          if (typeof v === 'function') throw new Error('internal error: a template printed a function');
          return v ?? '';
        }
      : (scope) => {
          const v = get(scope);
          if (typeof v === 'function') throw new Error('internal error: a template printed a function');
          return v ?? '';
        };
  return {
    value,
    emit: (scope, out) => {
      const v = value(scope);
      if (typeof v === 'string') {
        if (v !== '') out.push(v);
      } else {
        out.push(text(v));
      }
    },
    mayBeNonString: true,
    print: value,
  };
}

function compileBlock(b: hbs.AST.BlockStatement, partials: ReadonlyMap<string, Block>): Block {
  // The parse tree's types promise a path; the parser also gives literals and sub-expressions.
  const path = pathOf(b.path);
  if (path === undefined || path.data || path.depth !== 0 || path.parts.length !== 1 || isScoped(path)) throw new Unsupported();
  const name = b.path.parts[0] ?? '';
  const [param, ...more] = b.params;
  if (param === undefined || more.length > 0 || hashPairs(b.hash).length > 0) throw new Unsupported();
  const arg = compileExpression(param);
  const fn = compileProgram(b.program, partials);
  const inverse = compileProgram(b.inverse, partials);
  const self = (scope: Scope): Scope => (scope.context == null ? { context: nullContext, data: scope.data } : scope);
  switch (name) {
    case 'if':
    case 'unless': {
      const [yes, no] = name === 'if' ? [fn, inverse] : [inverse, fn];
      const holds = (scope: Scope): boolean => {
        const value = call(arg(scope), scope);
        return !(!value || isEmpty(value));
      };
      return {
        value: (scope) => (holds(scope) ? yes.value(self(scope)) : no.value(self(scope))),
        emit: (scope, out) => {
          if (holds(scope)) yes.emit(self(scope), out);
          else no.emit(self(scope), out);
        },
        mayBeNonString: yes.mayBeNonString || no.mayBeNonString,
      };
    }
    case 'with':
      return {
        value: (scope) => {
          const value = call(arg(scope), scope);
          return isEmpty(value) ? inverse.value(self(scope)) : fn.value({ context: value, data: scope.data });
        },
        emit: (scope, out) => {
          const value = call(arg(scope), scope);
          if (isEmpty(value)) inverse.emit(self(scope), out);
          else fn.emit({ context: value, data: scope.data }, out);
        },
        mayBeNonString: fn.mayBeNonString || inverse.mayBeNonString,
      };
    case 'each': {
      // A body that reads only its item renders the same text for the same frozen item: on a
      // device after the first that shares the item, its text is taken from the cache.
      const cache = readsOnlyItem(b.program) ? new WeakMap<object, string>() : undefined;
      const body =
        cache === undefined
          ? (inner: Scope, out: RenderedText): void => {
              fn.emit(inner, out);
            }
          : (inner: Scope, out: RenderedText): void => {
              emitCached(fn, cache, inner, out);
            };
      return {
        value: (scope) => {
          let out: unknown = '';
          const n = eachOf(call(arg(scope), scope), scope, (inner) => {
            out = plus(out, fn.value(inner));
          });
          return n === 0 ? inverse.value(self(scope)) : out;
        },
        emit: (scope, out) => {
          const list = call(arg(scope), scope);
          // A list, what the templates iterate, without eachOf's closure per call: the same frame
          // and the same items in the same order.
          const n = Array.isArray(list)
            ? eachItem(list as unknown[], scope, out, body)
            : eachOf(list, scope, (inner) => {
                body(inner, out);
              });
          if (n === 0) inverse.emit(self(scope), out);
        },
        // `each` returns `'' + …` of its iterations, or its inverse when there are none.
        mayBeNonString: inverse.mayBeNonString,
      };
    }
    default:
      throw new Unsupported();
  }
}

/**
 * Emits an `each` body that reads only its item (readsOnlyItem): for an immutable item, from the
 * cache, rendered on first use. The text of such a body depends on nothing but the values it
 * reads from the item, and an immutable item (frozen all the way down, plain data: immutable)
 * cannot change them, so the cached text cannot go stale. Anything else is rendered as usual.
 */
function emitCached(fn: Block, cache: WeakMap<object, string>, inner: Scope, out: RenderedText): void {
  const item = inner.context;
  if (typeof item !== 'object' || item === null || !Object.isFrozen(item)) {
    fn.emit(inner, out);
    return;
  }
  let cached = cache.get(item);
  if (cached === undefined) {
    if (!immutable(item)) {
      fn.emit(inner, out);
      return;
    }
    const own = new ChunkedText();
    fn.emit(inner, own);
    cached = flat(joinChunks(own.done()));
    cache.set(item, cached);
  }
  if (cached !== '') out.push(cached);
}

/** Whether a value is plain data frozen all the way down (immutable), as each object was when first asked. */
const immutableObjects = new WeakMap<object, boolean>();

/**
 * Plain objects and arrays whose own properties are all data properties holding scalars (no
 * functions, which a template would call) or immutable values. Once true it stays true: frozen
 * properties cannot be changed or redefined, and the prototypes are the built-in ones.
 */
function immutable(value: object): boolean {
  let known = immutableObjects.get(value);
  if (known === undefined) {
    known = Object.isFrozen(value) && (Array.isArray(value) ? Object.getPrototypeOf(value) === Array.prototype : Object.getPrototypeOf(value) === Object.prototype) && immutableProperties(value);
    immutableObjects.set(value, known);
  }
  return known;
}

function immutableProperties(value: object): boolean {
  for (const key of Reflect.ownKeys(value)) {
    const d = Reflect.getOwnPropertyDescriptor(value, key);
    if (d === undefined || !('value' in d)) return false;
    const v: unknown = d.value;
    if (typeof v === 'function') return false;
    if (typeof v === 'object' && v !== null && !immutable(v)) return false;
  }
  return true;
}

/**
 * The same string, flattened: a rope made by concatenation becomes one flat string (reading a
 * character does that), so a cached text is copied, not walked piece by piece, each time a
 * device's text containing it is flattened.
 */
function flat(s: string): string {
  if (s.length > 0) s.charCodeAt(0);
  return s;
}

/**
 * Whether a block body reads nothing but its context (`this` and paths below it): no data
 * (`@root`, `@index`…), no parent context (`../`), no partials (which could read either). Only
 * such a body's text is a function of its item (emitCached). Nested blocks count with their own
 * bodies and arguments.
 */
function readsOnlyItem(program: hbs.AST.Program | undefined): boolean {
  if (program === undefined) return true;
  return program.body.every((statement) => {
    switch (statement.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return true;
      case 'MustacheStatement': {
        const m = statement as hbs.AST.MustacheStatement;
        return expressionsReadOnlyItem([m.path, ...m.params, ...mapList(hashPairs(m.hash), (p) => p.value)]);
      }
      case 'BlockStatement': {
        const b = statement as hbs.AST.BlockStatement;
        return expressionsReadOnlyItem([b.path, ...b.params, ...mapList(hashPairs(b.hash), (p) => p.value)]) && readsOnlyItem(b.program) && readsOnlyItem(b.inverse);
      }
      default:
        return false;
    }
  });
}

function expressionsReadOnlyItem(expressions: readonly hbs.AST.Expression[]): boolean {
  return expressions.every((e) => {
    if (e.type === 'PathExpression') {
      const path = e as hbs.AST.PathExpression;
      return !path.data && path.depth === 0;
    }
    return e.type === 'StringLiteral' || e.type === 'NumberLiteral' || e.type === 'BooleanLiteral' || e.type === 'NullLiteral' || e.type === 'UndefinedLiteral';
  });
}

/** eachOf for an array: emits `body` once per item (holes skipped); returns the array's length. */
function eachItem(list: unknown[], scope: Scope, out: RenderedText, body: Emit): number {
  const n = list.length;
  if (n === 0) return 0;
  const frame = newFrame(scope.data);
  for (let i = 0; i < n; i++) {
    if (!(i in list)) continue;
    frame['key'] = i;
    frame['index'] = i;
    frame['first'] = i === 0;
    frame['last'] = i === n - 1;
    body({ context: list[i], data: frame }, out);
  }
  return n;
}

/** Handlebars's `each` helper: runs `body` once per item with the item's scope; returns the count. */
function eachOf(context: unknown, scope: Scope, body: (inner: Scope) => void): number {
  const frame = newFrame(scope.data);
  let i = 0;
  const iterate = (key: string | number, index: number, last: boolean, value: unknown): void => {
    frame['key'] = key;
    frame['index'] = index;
    frame['first'] = index === 0;
    frame['last'] = last;
    body({ context: value, data: frame });
  };
  if (context !== null && typeof context === 'object') {
    if (Array.isArray(context)) {
      const list = context as unknown[];
      for (const j = list.length; i < j; i++) {
        if (i in list) iterate(i, i, i === list.length - 1, list[i]);
      }
    } else if (Symbol.iterator in context) {
      const iterator = (context as Iterable<unknown>)[Symbol.iterator]();
      let current = iterator.next();
      while (current.done !== true) {
        const next = iterator.next();
        iterate(i, i, next.done === true, current.value);
        current = next;
        i++;
      }
    } else {
      const entries = Object.entries(context);
      for (const [key, value] of entries) {
        iterate(key, i, i === entries.length - 1, value);
        i++;
      }
    }
  }
  return i;
}

/**
 * Handlebars's createFrame for `each`: a copy of the parent frame with `_parent` set, whose key,
 * index, first and last iterate() sets before any template code sees the frame. The only frames
 * are the entry template's `{ root }` and those made here, so the copy is this fixed literal
 * rather than an object spread (measured: the spread, once per `each`, cost ~6 % of the templates'
 * time, bench/PROFILE.md round 3).
 */
function newFrame(parent: Frame): Frame {
  return { root: parent['root'], key: undefined, index: 0, first: false, last: false, _parent: parent };
}

function compilePartial(p: hbs.AST.PartialStatement, partials: ReadonlyMap<string, Block>): Block {
  if (p.name.type !== 'PathExpression' || p.params.length > 1) throw new Unsupported();
  const name = p.name.original;
  const [param] = p.params;
  const contextOf: Run = param === undefined ? (scope) => scope.context : compileExpression(param);
  const pairs = mapList(hashPairs(p.hash), (pair) => [pair.key, compileExpression(pair.value)] as const);
  const indent = p.indent;
  const enter = (scope: Scope): { partial: Block; inner: Scope } => {
    const partial = partials.get(name);
    if (partial === undefined) throw new Error(`The partial ${name} could not be found`);
    let context = contextOf(scope);
    if (pairs.length > 0) {
      const extended: Record<string, unknown> = {};
      extend(extended, context);
      for (const [key, value] of pairs) extended[key] = value(scope);
      context = extended;
    }
    return { partial, inner: { context, data: scope.data } };
  };
  const value: Run = (scope) => {
    const { partial, inner } = enter(scope);
    const result = partial.value(inner);
    if (result == null || indent === '') return result;
    const lines = text(result).split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === '' && i + 1 === lines.length) break;
      lines[i] = indent + (lines[i] ?? '');
    }
    return lines.join('\n');
  };
  if (indent !== '') {
    return {
      value,
      emit: (scope, out) => {
        out.push(text(value(scope)));
      },
      mayBeNonString: false,
    };
  }
  return {
    value,
    emit: (scope, out) => {
      const { partial, inner } = enter(scope);
      partial.emit(inner, out);
    },
    // Partials may be compiled after the templates that use them: assume the worst.
    mayBeNonString: true,
  };
}

function compileExpression(e: hbs.AST.Expression): Run {
  switch (e.type) {
    case 'PathExpression':
      return compilePath(e as hbs.AST.PathExpression, false);
    case 'StringLiteral':
    case 'NumberLiteral':
    case 'BooleanLiteral': {
      const value = (e as hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral).value;
      return () => value;
    }
    case 'NullLiteral':
      return () => null;
    case 'UndefinedLiteral':
      return () => undefined;
    default:
      throw new Unsupported();
  }
}

/**
 * A path's value. Each part is read as Handlebars's lookupProperty reads it (own properties
 * only); `strict` (printed paths) also requires the last part to exist, as strict mode does.
 */
function compilePath(path: hbs.AST.PathExpression, strict: boolean): Run {
  if (path.depth > 0) throw new Unsupported();
  const parts = [...path.parts];
  const base = path.data ? (scope: Scope): unknown => scope.data : (scope: Scope): unknown => scope.context;
  if (parts.length === 0) {
    if (path.data) throw new Unsupported();
    return base;
  }
  const last = parts.pop() ?? '';
  const final = strict ? strictProperty : property;
  // The common shapes read their base directly rather than through `base`: a printed path is
  // evaluated some ten thousand times per device, and each closure call is one more indirect call.
  if (parts.length === 0) {
    if (path.data) return (scope) => final(scope.data, last);
    return strict ? (scope) => strictProperty(scope.context, last) : (scope) => property(scope.context, last);
  }
  if (parts.length === 1 && !path.data) {
    const first = parts[0] ?? '';
    return (scope) => final(property(scope.context, first), last);
  }
  return (scope) => {
    let v = base(scope);
    for (const part of parts) v = property(v, part);
    return final(v, last);
  };
}

/** Handlebars's lookupProperty: own properties only; reading from null or undefined throws. */
function property(parent: unknown, name: string): unknown {
  const result = (parent as Record<string, unknown>)[name];
  if (result == null) return result;
  return Object.prototype.hasOwnProperty.call(parent, name) ? result : undefined;
}

/** Handlebars's strict-mode lookup of a printed path's last part. */
function strictProperty(parent: unknown, name: string): unknown {
  if (!parent) throw new Error(`"${name}" not defined in ${String(parent)}`);
  // `in` on a string or number throws a TypeError, as it does in Handlebars.
  if (typeof parent !== 'object' && typeof parent !== 'function') throw new TypeError(`Cannot use 'in' operator to search for '${name}'`);
  // A value that is there is own or inherited, and `name in parent` holds either way: only a
  // missing value needs the `in` test (one lookup fewer on every printed path).
  const result = (parent as Record<string, unknown>)[name];
  if (result != null) return Object.prototype.hasOwnProperty.call(parent, name) ? result : undefined;
  if (!(name in parent)) throw new Error(`"${name}" not defined in ${Object.prototype.toString.call(parent)}`);
  return result;
}

/** Helpers call a function argument with the helper's `this`. */
function call(value: unknown, scope: Scope): unknown {
  return typeof value === 'function' ? (value as (this: unknown) => unknown).call(scope.context ?? nullContext) : value;
}

function isEmpty(value: unknown): boolean {
  return (!value && value !== 0) || (Array.isArray(value) && value.length === 0);
}

function pathOf(node: unknown): hbs.AST.PathExpression | undefined {
  return (node as { type?: unknown }).type === 'PathExpression' ? (node as hbs.AST.PathExpression) : undefined;
}

function isScoped(path: hbs.AST.PathExpression): boolean {
  return /^\.|this\b/.test(path.original);
}

function hashPairs(hash: hbs.AST.Hash | undefined): readonly hbs.AST.HashPair[] {
  return hash?.pairs ?? [];
}

/** Handlebars's Utils.extend: own enumerable properties, as `for…in` with hasOwnProperty sees them. */
function extend(target: Record<string, unknown>, source: unknown): void {
  if (source === null || source === undefined) return;
  const from = source as Record<string, unknown>;
  for (const key in from) {
    if (Object.prototype.hasOwnProperty.call(from, key)) target[key] = from[key];
  }
}
