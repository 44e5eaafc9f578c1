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
 * - its own render worker: a render thread runs the same file, told so by its workerData;
 * - the lab VM's agent, run through dist/clos-guest-agent.cjs.
 *
 * yaml, handlebars and ajv stay in node_modules, loaded (createRequire) when first needed (the
 * validators' one runtime helper, ajv's deep equality, is bundled).
 * `node dist/cli/bundle.js`.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { templateTreesJson } from '../compiler/render/template-trees.js';
import { packageRoot } from './package-root.js';
import { allPlatforms, loadPlatformTemplates } from './templates.js';

/** Tells a render thread started from the bundle that it is one (render-worker-script.ts). */
export const bundleWorkerData = { clos: 'render-worker' } as const;

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
 * Measured reason (bench/PROFILE.md, round 4): Node compiles a script file before running any of
 * it, ~20–40 ms for the ~1 MB bundle; `clos --version` needs none of it.
 */
function launcherSource(version: string): string {
  return `#!/usr/bin/env node
'use strict';
// clos ${version}: \`clos --version\` alone is answered here; everything else runs the bundle.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) process.stdout.write(${JSON.stringify(`${version}
`)});
else require('./${bundleMainFile}');
`;
}

/** The bundle's entry: what cli/main.ts does, with the bundle's own validators, trees and worker. */
function entrySource(treesJson: string): string {
  return `
const { isMainThread, workerData } = require('node:worker_threads');
const { providePrecompiledValidators } = require('./compiler/load/schema-validator.js');
const { provideTemplateTrees, parseTemplateTreesJson } = require('./compiler/render/template-trees.js');
const { provideRenderWorkerScript } = require('./cli/render-worker-script.js');

providePrecompiledValidators((file) => {
  if (file === 'fabric-validator.cjs') return require('./compiler/load/fabric-validator.cjs');
  if (file === 'region-validator.cjs') return require('./compiler/load/region-validator.cjs');
  return undefined;
});
provideTemplateTrees(() => parseTemplateTreesJson(${JSON.stringify(treesJson)}));
const worker = ${JSON.stringify(bundleWorkerData)};
provideRenderWorkerScript({ url: new URL(import.meta.url), workerData: worker });
if (!isMainThread && workerData !== null && typeof workerData === 'object' && workerData.clos === worker.clos) {
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
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  writeFileSync(join(dist, guestAgentFile), `'use strict';\n// The lab VM's agent: the bundle, told so.\nglobalThis.${guestAgentFlag} = true;\nrequire('./${bundleMainFile}');\n`);
  const launcher = join(dist, bundleFile);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(launcher, launcherSource(version));
  chmodSync(launcher, 0o755);
  return launcher;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundleCli();
}
