// The lock `up` holds, so that parallel `up` calls (several Jest runs, say) do not race.
'use strict';

const fs = require('node:fs');
const { isAlive, sleep } = require('./util');

/** Simple cross-process lock so parallel `up` calls (e.g. several Jest runs) do not race. */
async function withUpLock(cfg, log, fn) {
  fs.mkdirSync(cfg.infraDir, { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  let announced = false;
  for (;;) {
    try {
      const fd = fs.openSync(cfg.lockFile, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(
        (() => {
          try {
            return fs.readFileSync(cfg.lockFile, 'utf8').trim();
          } catch {
            return '';
          }
        })(),
      );
      if (!holder || !isAlive(holder)) {
        fs.rmSync(cfg.lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${cfg.lockFile} (held by pid ${holder})`);
      if (!announced) {
        log(`waiting for another "infra up" (pid ${holder}) to finish...`);
        announced = true;
      }
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(cfg.lockFile, { force: true });
  }
}

module.exports = { withUpLock };
