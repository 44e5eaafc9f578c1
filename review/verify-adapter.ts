/**
 * The one place `clos diff` meets the verifier: device models and the manifest's verification
 * settings in, findings (CLOS5xxx diagnostics with `device` set) out, no I/O. `clos diff` runs it on
 * both sides and reports the findings a change introduces and fixes (`findings.ts`). Findings carry
 * no intent spans here: they are matched on code, device and message, so a moved YAML line does not
 * count as a change.
 */
import { reportDiagnostics, verifyFabric } from '../verify/verify.js';
import type { VerifyDevices } from './findings.js';

export const verifyDevices: VerifyDevices | undefined = (devices, settings) =>
  // Information findings describe the fabric (VRFs without an exit), they are not faults a change introduces or fixes.
  reportDiagnostics(verifyFabric({ devices, settings: { hopLimit: settings.hopLimit, failures: settings.failures } })).filter((d) => d.severity !== 'info');
