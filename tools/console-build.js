#!/usr/bin/env node
// Builds the store console (apps/console/web, React + Vite) into apps/console/dist, which the console
// server (apps/console/src) serves. Skipped when nothing it is built from changed since the last build:
// a hash of the app's sources, the typed client's (libs/client), its Vite config and the lockfile is kept beside the output.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const appRoot = path.join(root, 'apps/console');
const outDir = path.join(appRoot, 'dist');
const stampFile = path.join(outDir, '.source-hash');

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (!entry.name.endsWith('.spec.ts')) yield full;
  }
}

function sourceHash() {
  const hash = crypto.createHash('sha256');
  const inputs = [
    ...files(path.join(appRoot, 'web')),
    ...files(path.join(root, 'libs/client/src')),
    path.join(appRoot, 'vite.config.mjs'),
    path.join(root, 'package-lock.json'),
  ];
  for (const file of inputs) {
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

async function buildConsole({ force = false } = {}) {
  const started = Date.now();
  const hash = sourceHash();
  if (
    !force &&
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === hash &&
    fs.existsSync(path.join(outDir, 'index.html'))
  ) {
    console.log('console: up to date (apps/console/dist)');
    return outDir;
  }
  const { build } = await import('vite');
  await build({ configFile: path.join(appRoot, 'vite.config.mjs'), logLevel: 'warn' });
  fs.writeFileSync(stampFile, hash);
  console.log(`console: built into apps/console/dist in ${Date.now() - started} ms`);
  return outDir;
}

if (require.main === module) {
  buildConsole({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(`console build failed: ${error.message}`);
    process.exit(1);
  });
}
module.exports = { buildConsole, outDir };
