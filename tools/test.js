#!/usr/bin/env node
// `npm test`: builds (the start-up tests run the built services), runs the unit specs in
// parallel, then the integration suites one file at a time against the real Postgres and Kafka
// (the jest global setup starts them when they are not running). Extra arguments go to jest,
// e.g. `npm test -- apps/inventory`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { build } = require('./build');

const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', '.bin', 'jest');
const extra = process.argv.slice(2);

build();
const totals = { passed: 0, failed: 0 };
let ok = true;
for (const [project, flags] of [
  ['unit', []],
  ['integration', ['--runInBand']],
]) {
  const report = path.join(os.tmpdir(), `omni-jest-${project}-${process.pid}.json`);
  const run = spawnSync(jest, ['--selectProjects', project, ...flags, '--json', `--outputFile=${report}`, '--passWithNoTests', ...extra], {
    cwd: root,
    stdio: 'inherit',
  });
  if (fs.existsSync(report)) {
    const result = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += result.numPassedTests;
    totals.failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
    fs.rmSync(report);
  }
  ok = ok && run.status === 0;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(ok ? 0 : 1);
