#!/usr/bin/env node
// `npm test`: builds (the start-up tests run the built services), runs the unit specs in
// parallel, then the integration suites one file at a time against the real Postgres and Kafka.
// Extra arguments go to jest, e.g. `npm test -- apps/inventory`.
//
// It never disturbs a running `npm start`: the build goes to a folder of its own (not dist/, which
// `npm start` restarts its services from), and the integration suites run on a Kafka broker of their
// own (a throw-away one on free ports, started and removed by the jest global setup), unless
// KAFKA_BROKERS names one; a named broker is used as it is and never stopped. Tests that stop or
// crash a broker start a private one for that (libs/testing startPrivateBroker).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { build } = require('./build');

const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', '.bin', 'jest');
const extra = process.argv.slice(2);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'omni-test-'));
const dist = path.join(work, 'dist');
let ok = true;
const totals = { passed: 0, failed: 0 };
try {
  build(dist);
  for (const [project, flags] of [
    ['unit', []],
    ['integration', ['--runInBand']],
  ]) {
    const report = path.join(work, `jest-${project}.json`);
    const run = spawnSync(
      jest,
      ['--selectProjects', project, ...flags, '--json', `--outputFile=${report}`, '--passWithNoTests', ...extra],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, OMNI_TEST_DIST: dist },
      },
    );
    if (fs.existsSync(report)) {
      const result = JSON.parse(fs.readFileSync(report, 'utf8'));
      totals.passed += result.numPassedTests;
      totals.failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
    }
    ok = ok && run.status === 0;
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(ok ? 0 : 1);
