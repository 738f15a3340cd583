'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { withUpLock } = require('./lock');
const { scratchDir } = require('./spec-support');

const lockOf = (infraDir) => ({ infraDir, lockFile: path.join(infraDir, 'up.lock') });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('tools/infra up lock', () => {
  let dir;
  beforeEach(() => (dir = scratchDir()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs concurrent holders one after the other, the waiter saying once what it waits for', async () => {
    const cfg = lockOf(path.join(dir, 'infra'));
    const events = [];
    const lines = [];
    const holder = (name, ms) =>
      withUpLock(
        cfg,
        (line) => lines.push(line),
        async () => {
          events.push(`${name} in`);
          expect(fs.readFileSync(cfg.lockFile, 'utf8').trim()).toBe(String(process.pid));
          await sleep(ms);
          events.push(`${name} out`);
          return name;
        },
      );
    expect(await Promise.all([holder('first', 700), holder('second', 10)])).toEqual(['first', 'second']);
    expect(events).toEqual(['first in', 'first out', 'second in', 'second out']);
    expect(lines).toEqual([`waiting for another "infra up" (pid ${process.pid}) to finish...`]);
    expect(fs.existsSync(cfg.lockFile)).toBe(false);
  });

  it('takes over a lock whose holder has died', async () => {
    const cfg = lockOf(dir);
    fs.writeFileSync(cfg.lockFile, '2147483646\n'); // no such process
    expect(
      await withUpLock(
        cfg,
        () => undefined,
        async () => 'taken',
      ),
    ).toBe('taken');
  });

  it('gives the lock back when the work fails', async () => {
    const cfg = lockOf(dir);
    await expect(
      withUpLock(
        cfg,
        () => undefined,
        async () => Promise.reject(new Error('broker down')),
      ),
    ).rejects.toThrow('broker down');
    expect(fs.existsSync(cfg.lockFile)).toBe(false);
  });
});
