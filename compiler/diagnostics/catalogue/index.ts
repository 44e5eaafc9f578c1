/**
 * The catalogue: every user-facing message clos can print, each with a stable code.
 * One file per area keeps parallel work apart; `catalogue.test.ts` proves codes are unique.
 *
 * Code ranges: 1xxx load, 2xxx schema, 3xxx resolve, 4xxx build/render (40xx: regions), 5xxx
 * verify, 6xxx output and CLI, 7xxx lab, 8xxx review.
 */
import { LoadDiagnostics } from './load.js';
import { SchemaDiagnostics } from './schema.js';
import { ResolveDiagnostics } from './resolve.js';
import { OutputDiagnostics } from './output.js';
import { LabDiagnostics } from './lab.js';
import { ReviewDiagnostics } from './review.js';
import { VerifyDiagnostics } from './verify.js';
import { RegionDiagnostics } from './region.js';
import { retiredCodes, type RetiredCode } from './retired.js';

export { LoadDiagnostics, SchemaDiagnostics, ResolveDiagnostics, RegionDiagnostics, OutputDiagnostics, VerifyDiagnostics, LabDiagnostics, ReviewDiagnostics, retiredCodes, type RetiredCode };

/** Every catalogue area, for listing and uniqueness checks. */
export const catalogueAreas = {
  load: LoadDiagnostics,
  schema: SchemaDiagnostics,
  resolve: ResolveDiagnostics,
  region: RegionDiagnostics,
  verify: VerifyDiagnostics,
  output: OutputDiagnostics,
  lab: LabDiagnostics,
  review: ReviewDiagnostics,
} as const;
