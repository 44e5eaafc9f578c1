/** The published JSON Schema of the intent language, as a module (tsc copies it into dist/). */
import schema from '../../intent/schema/fabric.schema.json' with { type: 'json' };

export const fabricSchema: object = schema;
