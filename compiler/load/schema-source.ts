/** The published JSON Schemas of the intent language, as modules (tsc copies them into dist/). */
import schema from '../../intent/schema/fabric.schema.json' with { type: 'json' };
import region from '../../intent/schema/region.schema.json' with { type: 'json' };

export const fabricSchema: object = schema;

/** region.yaml: several fabrics under one address plan (region/). */
export const regionSchema: object = region;
