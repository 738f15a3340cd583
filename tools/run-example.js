#!/usr/bin/env node
// Runs one of examples/ with plain node: `npm run -s example -- bopis` runs examples/bopis/bopis.ts, each
// TypeScript file compiled by swc as it is required (the @omni/* aliases resolved as tools/build.js does),
// so an example needs no build step. Its configuration comes from the environment (the example's README).
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { swcOptions } = require('./build');

const root = path.resolve(__dirname, '..');
const name = process.argv[2];
const program = name && path.join(root, 'examples', name, `${name}.ts`);
if (!program || !fs.existsSync(program)) {
  const known = fs
    .readdirSync(path.join(root, 'examples'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  process.stderr.write(`usage: npm run -s example -- <name>   (one of: ${known.join(', ')})\n`);
  process.exit(2);
}

// Node's require() has no TypeScript loader of its own in Node 20: this one compiles each file on load.
require.extensions['.ts'] = (module, filename) => {
  module._compile(swc.transformFileSync(filename, { ...swcOptions(filename), sourceMaps: 'inline' }).code, filename);
};
process.setSourceMapsEnabled(true);
require(program);
