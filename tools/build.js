#!/usr/bin/env node
// Compiles apps/*/src and libs/*/src to dist/ with swc (about a second for the whole tree),
// rewriting the @omni/* path aliases to relative requires so plain `node` runs the output.
// build(target) writes elsewhere (the chaos run builds into its own folder, leaving dist/ alone);
// output outside the repository needs NODE_PATH=<repo>/node_modules to find its packages.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { compilerOptions } = require('../tsconfig.base.json');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist');

const options = (filename) => ({
  filename,
  sourceMaps: true,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: root,
    paths: compilerOptions.paths,
  },
  module: { type: 'commonjs' },
});

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts'))
      yield full;
  }
}

function build(target = outDir) {
  const started = Date.now();
  fs.rmSync(target, { recursive: true, force: true });
  let count = 0;
  for (const group of ['apps', 'libs']) {
    for (const project of fs.readdirSync(path.join(root, group))) {
      const src = path.join(root, group, project, 'src');
      if (!fs.existsSync(src)) continue;
      for (const file of sources(src)) {
        const { code, map } = swc.transformFileSync(file, options(file));
        const output = path.join(target, path.relative(root, file)).replace(/\.ts$/, '.js');
        fs.mkdirSync(path.dirname(output), { recursive: true });
        fs.writeFileSync(output, `${code}\n//# sourceMappingURL=${path.basename(output)}.map`);
        fs.writeFileSync(`${output}.map`, map);
        count += 1;
      }
    }
  }
  console.log(`built ${count} files into ${target === outDir ? 'dist' : target}/ in ${Date.now() - started} ms`);
}

if (require.main === module) build();
module.exports = { build, outDir, swcOptions: options };
