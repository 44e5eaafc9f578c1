#!/usr/bin/env node
/** The `clos` executable. */
import { nodeIo } from './io.js';
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), nodeIo());
