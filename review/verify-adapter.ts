/**
 * The one place `clos diff` meets the verifier. The verifier (issue 4, `verify/`) is developed in
 * another branch; until it is merged, `verifyDevices` is undefined and `clos diff` says that
 * verification did not run instead of claiming the change is clean.
 *
 * To wire it, replace the export below with the verifier's entry point, adapted to
 * `VerifyDevices` — device models and the manifest's verification settings in, findings
 * (CLOS5xxx diagnostics with `device` set) out, no I/O — for example:
 *
 *   import { verifyFabric } from '../verify/verify.js';
 *   export const verifyDevices: VerifyDevices | undefined = (devices, settings) =>
 *     verifyFabric(devices, { hopLimit: settings.hopLimit, failures: settings.failures }).diagnostics;
 *
 * Nothing else changes: `clos diff` runs it on both sides and reports findings introduced and fixed
 * (`findings.ts`), which `review/change-impact.test.ts` already covers with hand-made findings.
 */
import type { VerifyDevices } from './findings.js';

export const verifyDevices: VerifyDevices | undefined = undefined;
