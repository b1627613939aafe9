#!/usr/bin/env node
// Runs one TypeScript file (benchmarks, scripts) through tsx's loader: `node bin/run-ts.js bench/index.ts`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bin/run-ts.js <file.ts> [args…]');
  process.exit(2);
}
// Like `node file.js`: argv[1] is the script, the rest are its arguments.
process.argv.splice(1, 2, resolve(file));
register();
await import(pathToFileURL(resolve(file)).href);
