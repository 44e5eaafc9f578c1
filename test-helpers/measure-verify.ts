/**
 * Measures the verifier on a generated fabric: `npx tsx test-helpers/measure-verify.ts [spines]
 * [leaves] [networks] [networksPerLeaf]` (default 32 × 1000, 4000 networks, 200 per leaf). Prints the
 * compile time, then the best of three verifications with each stage's share. Not a test: the load of
 * the machine moves the numbers; bench/ holds the real benchmark.
 */
import { compileIntent } from '../compiler/compile.js';
import { verifyFabric } from '../verify/verify.js';
import { generateLargeFabric } from './large-fabric.js';

const [spines = 32, leaves = 1000, networks = 4000, perLeaf = 200] = process.argv.slice(2).map(Number);
const source = generateLargeFabric({ spines, leaves, networks, networksPerLeaf: perLeaf });
let t = performance.now();
const compiled = compileIntent([source]);
const compileMs = performance.now() - t;
if (compiled.devices === undefined || compiled.fabric === undefined) throw new Error('the generated fabric does not compile');
console.log(`fabric: ${spines} spines × ${leaves} leaves, ${networks} networks, ${perLeaf} per leaf; compile (load, resolve, build) ${Math.round(compileMs)} ms`);
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
