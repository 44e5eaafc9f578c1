/**
 * Measures the verifier on a benchmark fabric: `npx tsx test-helpers/measure-verify.ts [size]
 * [seed]` (a size of bench/sizes.ts, default the target 32x1000; seed 1). Prints the compile time,
 * then the best of three verifications with each stage's share. Not a test: the load of the machine
 * moves the numbers; bench/ holds the real benchmark.
 */
import { generateIntent } from '../bench/generate-intent.js';
import { benchSizes } from '../bench/sizes.js';
import { compileIntent } from '../compiler/compile.js';
import { verifyFabric } from '../verify/verify.js';

const [label, seedText = '1'] = process.argv.slice(2);
const size = benchSizes.find((s) => (label === undefined ? s.target === true : s.label === label));
if (size === undefined) throw new Error(`no bench size '${label ?? ''}': one of ${benchSizes.map((s) => s.label).join(', ')}`);
const generated = generateIntent({ ...size, seed: Number(seedText) });
let t = performance.now();
const compiled = compileIntent(generated.files);
const compileMs = performance.now() - t;
if (compiled.devices === undefined || compiled.fabric === undefined) throw new Error('the generated fabric does not compile');
const s = generated.stats;
console.log(`fabric ${size.label}: ${s.spines} spines × ${s.leaves} leaves, ${s.networks} networks, ${s.maxNetworksPerLeaf} per leaf; compile (load, resolve, build) ${Math.round(compileMs)} ms`);
let best: { ms: number; timings: Readonly<Record<string, number>>; method: string; failed: number } | undefined;
for (let i = 0; i < 3; i++) {
  t = performance.now();
  const report = verifyFabric({ devices: compiled.devices, settings: compiled.fabric.settings, provenance: compiled.fabric.provenance });
  const ms = performance.now() - t;
  if (best === undefined || ms < best.ms) best = { ms, timings: report.timings, method: report.method, failed: report.checks.filter((c) => c.status === 'fail').length };
}
if (best !== undefined) {
  console.log(`verify: ${Math.round(best.ms)} ms (best of 3), ${best.method} propagation, ${best.failed} checks failed`);
  console.log(Object.entries(best.timings).map(([k, v]) => `  ${k}: ${v} ms`).join('\n'));
}
