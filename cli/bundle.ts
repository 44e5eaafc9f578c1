/**
 * Build step (`npm run build`, after tsc and generate-validator): bundles the CLI into one file,
 * dist/clos-main.cjs, run by dist/clos.cjs, the `clos` executable of the package (a launcher of a
 * few lines that prints the version itself).
 *
 * Measured reason (bench/PROFILE.md, round 4): every run paid for Node resolving, reading and
 * compiling ~150 modules one by one. The bundle is one file that V8 compiles lazily; inside it each
 * module runs on first use (esbuild wraps every module in an init function, and a dynamic import()
 * of a bundled module calls it), so `clos --version` runs none of the commands' code and `clos
 * compile` none of the lab's. It is CommonJS so that Node's built-in modules too are required where
 * a module first runs (an ES module bundle imports every one of them at the top: crypto,
 * child_process, worker_threads… on every start); `import.meta.url` is the bundle's own URL. It
 * carries:
 *
 * - both precompiled ajv validators (generate-validator.ts), so a bundled clos never loads ajv;
 * - the parse trees of the shipped templates (compiler/render/template-trees.ts), so rendering
 *   never loads Handlebars unless a template was edited or a platform's templates need the full
 *   runtime;
 * - its own render worker: a render thread runs the same file through a launcher that tells it so
 *   (clos-render-worker.cjs);
 * - the lab VM's agent, run through dist/clos-guest-agent.cjs.
 *
 * yaml, handlebars and ajv stay in node_modules, loaded (createRequire) when first needed (the
 * validators' one runtime helper, ajv's deep equality, is bundled).
 * `node dist/cli/bundle.js`.
 */
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { templateTreesJson } from '../compiler/render/template-trees.js';
import { codeIdentityGlobal } from './build-record.js';
import { packageRoot } from './package-root.js';
import { commandNames } from './run.js';
import { allPlatforms, loadPlatformTemplates } from './templates.js';

/**
 * A render thread's script (render-worker-script.ts): a launcher that tells the bundle it runs as a
 * render worker. Measured reason (bench/PROFILE.md, round 5): telling it by the thread's workerData
 * had every run load node:worker_threads at start to read it (~3–7 ms of a quickstart compile).
 */
export const renderWorkerFile = 'clos-render-worker.cjs';
const renderWorkerFlag = '__closRenderWorker';

/**
 * Where the launcher says which code cache it compiled the bundle with (a global of the main
 * thread), and how a render thread is told (its workerData, render-worker-script.ts).
 */
const codeCacheGlobal = '__closCodeCache';

/**
 * Compiling the bundle with a code cache and running it as Node would require it: the functions of
 * both launchers, the package's bin and the render threads'.
 */
const compiledBundleSource = `
function compileBundle(file, cachedData) {
  const vm = require('node:vm');
  const Module = require('node:module');
  const source = require('node:fs').readFileSync(file, 'latin1');
  return new vm.Script(Module.wrap(source), { filename: file, cachedData });
}

function runCompiledBundle(script, file) {
  const { dirname } = require('node:path');
  const Module = require('node:module');
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  mod.loaded = true;
  require.cache[file] = mod;
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, dirname(file));
}
`;

/**
 * The render threads' launcher. A render thread compiles the bundle with the code cache its
 * process was started with (the launcher's, one per command), read only: it holds the build and
 * render functions the main thread compiled, which a thread compiling the bundle from its text
 * compiles again (measured: bench/PROFILE.md, section 31). Without a cache, or if V8 rejects it,
 * the thread compiles the bundle as require would.
 */
function renderWorkerLauncherSource(): string {
  return `'use strict';
// A render thread: the bundle, told so, compiled with the code cache of the command that started
// the thread when it has one (cli/bundle.ts).
globalThis.${renderWorkerFlag} = true;
const file = require('node:path').join(__dirname, ${JSON.stringify(bundleMainFile)});
const cache = require('node:worker_threads').workerData?.codeCache;
let cachedData;
try {
  cachedData = typeof cache === 'string' ? require('node:fs').readFileSync(cache) : undefined;
} catch {
  cachedData = undefined;
}
if (cachedData === undefined) require(file);
else runCompiledBundle(compileBundle(file, cachedData), file);
${compiledBundleSource}`;
}

/** The package's bin: a launcher that answers `clos --version` alone and otherwise runs the bundle. */
export const bundleFile = 'clos.cjs';
/** The bundle itself. */
export const bundleMainFile = 'clos-main.cjs';
/**
 * The lab VM's agent (lab/vm/guest-agent-main.ts), which the guest runs with the host's Node: a
 * launcher that runs the bundle as the agent (lab/vm/machine.ts agentScriptPath finds it).
 */
export const guestAgentFile = 'clos-guest-agent.cjs';
const guestAgentFlag = '__closGuestAgent';

/**
 * The package's bin. Measured reason (bench/PROFILE.md, round 4): Node compiles a script file
 * before running any of it — 20–40 ms of a quickstart compile's ~0.18 s for the ~1 MB bundle —
 * and `clos --version` needs none of it. Every other command runs the bundle as Node would
 * require it, compiled with V8's code cache when one is there (what Node 22's
 * module.enableCompileCache does; Node 20 has no such switch): the cache is written when a run
 * ends, with the functions that run compiled, in the user's own cache directory
 * ($XDG_CACHE_HOME/clos or ~/.cache/clos, created 0700, never a shared /tmp), named by the
 * bundle's sha256, the command and the Node version, so a rebuilt bundle or another Node never
 * reads it; V8 rejects a cache it cannot use, and any failure to read or write one only means
 * compiling as usual; writing one keeps this bundle's caches and the newest four of other builds.
 * CLOS_NO_COMPILE_CACHE=1 turns it off.
 *
 * One cache per command (compile, verify, diff…; 'other' for help and typos): a cache holds the
 * functions of the run that wrote it, and a command run with another command's cache compiles its
 * own functions on every start — measured, the quickstart compile with a cache `clos verify` wrote
 * against one a compile wrote: 0.88× wall (farm-bench, 20 pairs; bench/PROFILE.md round 6).
 *
 * The bundle is read as latin1, which Node copies byte for byte into a one-byte string instead of
 * decoding UTF-8 (~1.5 ms of 1.5 MB); esbuild writes ASCII only (non-ASCII characters escaped), and
 * bundleCli fails the build if the bundle holds any other byte.
 */
function launcherSource(version: string, bundleHash: string, commands: readonly string[]): string {
  const keptCaches = 4;
  return `#!/usr/bin/env node
'use strict';
// clos ${version}: 'clos --version' alone is answered here; everything else runs the bundle
// (cli/bundle.ts says why and how).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) process.stdout.write(${JSON.stringify(`${version}\n`)});
else runBundle();

function runBundle() {
  // The code's identity, for the renderer's fingerprint (cli/build-record.ts).
  globalThis.${codeIdentityGlobal} = ${JSON.stringify(bundleHash)};
  const { join } = require('node:path');
  const file = join(__dirname, ${JSON.stringify(bundleMainFile)});
  const cache = cacheFile();
  if (cache === undefined) return require(file);
  const fs = require('node:fs');
  let cachedData;
  try {
    cachedData = fs.readFileSync(cache);
  } catch {
    cachedData = undefined;
  }
  // Render threads compile the bundle with this cache too (${renderWorkerFile}).
  globalThis.${codeCacheGlobal} = cache;
  const script = compileBundle(file, cachedData);
  if (cachedData === undefined || script.cachedDataRejected === true) {
    process.once('exit', () => {
      try {
        const { dirname } = require('node:path');
        fs.mkdirSync(dirname(cache), { recursive: true, mode: 0o700 });
        const tmp = cache + '.' + process.pid + '.tmp';
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cache);
        // Keep this build's (one per command) and the newest few of other builds and Node versions: a developer rebuilding clos makes new ones every time.
        const dir = dirname(cache);
        const old = fs.readdirSync(dir).filter((n) => n.endsWith('.v8cache') && !n.startsWith(${JSON.stringify(`${bundleHash}-`)})).map((n) => ({ n, t: fs.statSync(join(dir, n)).mtimeMs })).sort((a, b) => b.t - a.t).slice(${keptCaches});
        for (const o of old) fs.rmSync(join(dir, o.n), { force: true });
      } catch {
        // No cache this time: the next run compiles as this one did.
      }
    });
  }
  runCompiledBundle(script, file);
}
${compiledBundleSource}
function cacheFile() {
  if (process.env.CLOS_NO_COMPILE_CACHE === '1') return undefined;
  const { join, isAbsolute } = require('node:path');
  const xdg = process.env.XDG_CACHE_HOME;
  const home = process.env.HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : home !== undefined && isAbsolute(home) ? join(home, '.cache') : undefined;
  if (base === undefined) return undefined;
  const command = ${JSON.stringify(commands)}.includes(args[0]) ? args[0] : 'other';
  return join(base, 'clos', ${JSON.stringify(`${bundleHash}-`)} + command + '-node' + process.version + '-' + process.arch + '.v8cache');
}
`;
}

/** The bundle's entry: what cli/main.ts does, with the bundle's own validators, trees and worker. */
function entrySource(treesJson: string): string {
  return `
const { providePrecompiledValidators } = require('./compiler/load/schema-validator.js');
const { provideTemplateTrees, parseTemplateTreesJson } = require('./compiler/render/template-trees.js');
const { provideRenderWorkerScript } = require('./cli/render-worker-script.js');

providePrecompiledValidators((file) => {
  if (file === 'fabric-validator.cjs') return require('./compiler/load/fabric-validator.cjs');
  if (file === 'region-validator.cjs') return require('./compiler/load/region-validator.cjs');
  return undefined;
});
provideTemplateTrees(() => parseTemplateTreesJson(${JSON.stringify(treesJson)}));
provideRenderWorkerScript({ url: new URL(${JSON.stringify(`./${renderWorkerFile}`)}, import.meta.url), workerData: { codeCache: globalThis.${codeCacheGlobal} } });
if (globalThis.${renderWorkerFlag} === true) {
  require('./cli/render-worker.js');
} else if (globalThis.${guestAgentFlag} === true) {
  require('./lab/vm/guest-agent-main.js').runGuestAgent(process.argv[2] ?? '');
} else {
  const { run } = require('./cli/run.js');
  const { nodeIo } = require('./cli/io.js');
  run(process.argv.slice(2), nodeIo()).then((status) => {
    process.exitCode = status;
  });
}
`;
}

/**
 * commander requires node:child_process at load, for the executable subcommands clos does not
 * have: loading it (with net, stream and dgram) was ~5–7 ms of every start (bench/PROFILE.md,
 * round 5). The bundled commander requires it when it would spawn one. The build fails if
 * commander's line changes, rather than bundle it unchanged silently.
 */
const lazyChildProcess: Plugin = {
  name: 'clos-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(eager)) throw new Error(`${args.path} no longer has "${eager}": update cli/bundle.ts lazyChildProcess`);
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

export async function bundleCli(root: string = packageRoot()): Promise<string> {
  const dist = join(root, 'dist');
  const sources = allPlatforms.flatMap((p) => {
    const t = loadPlatformTemplates(p, join(root, 'templates'));
    return t === undefined ? [] : [...t.entries, ...t.partials].map((s) => s.source);
  });
  const outfile = join(dist, bundleMainFile);
  await build({
    stdin: { contents: entrySource(templateTreesJson(sources)), resolveDir: dist, sourcefile: 'clos-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    define: { 'import.meta.url': '__closModuleUrl' },
    target: 'node20',
    outfile,
    // Loaded from node_modules on first use (createRequire), never at start.
    external: ['yaml', 'handlebars', 'esbuild'],
    // CommonJS modules in the bundle (commander) require Node's built-ins.
    banner: { js: "const __closModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [lazyChildProcess],
    legalComments: 'none',
    // ASCII only (esbuild's default, said here because the launcher reads the bundle as latin1).
    charset: 'ascii',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  writeFileSync(join(dist, renderWorkerFile), renderWorkerLauncherSource());
  writeFileSync(join(dist, guestAgentFile), `'use strict';\n// The lab VM's agent: the bundle, told so.\nglobalThis.${guestAgentFlag} = true;\nrequire('./${bundleMainFile}');\n`);
  const launcher = join(dist, bundleFile);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const bundled = readFileSync(outfile);
  const nonAscii = bundled.findIndex((byte) => byte > 0x7f);
  if (nonAscii !== -1) throw new Error(`${outfile} has a non-ASCII byte at offset ${nonAscii}: the launcher reads it as latin1 (see launcherSource)`);
  const bundleHash = createHash('sha256').update(bundled).digest('hex').slice(0, 16);
  writeFileSync(launcher, launcherSource(version, bundleHash, commandNames));
  chmodSync(launcher, 0o755);
  return launcher;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundleCli();
}
