'use strict';

const fs = require('node:fs');
const { spawn } = require('node:child_process');
const path = require('node:path');
const {
  cmdline,
  fileSize,
  fmtSecs,
  isAlive,
  isRunning,
  processCwd,
  readSince,
  realPath,
  run,
  tail,
} = require('./util');
const { scratchDir } = require('./spec-support');

describe('tools/infra helpers', () => {
  let dir;
  beforeEach(() => (dir = scratchDir()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads what a log gained since an offset, and the whole file once it was rotated', () => {
    const log = path.join(dir, 'server.log');
    fs.writeFileSync(log, 'one\ntwo\n');
    const offset = fileSize(log);
    fs.appendFileSync(log, 'three\n');
    expect(readSince(log, offset)).toBe('three\n');
    expect(readSince(log, fileSize(log))).toBe('');
    fs.writeFileSync(log, 'fresh\n');
    expect(readSince(log, offset)).toBe('fresh\n');
    expect(readSince(path.join(dir, 'missing.log'), 0)).toBe('');
    expect(fileSize(path.join(dir, 'missing.log'))).toBe(0);
  });

  it('tails the last lines of a log', () => {
    const log = path.join(dir, 'server.log');
    fs.writeFileSync(log, `${Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n')}\n`);
    expect(tail(log, 3).split('\n')).toEqual(['line 97', 'line 98', 'line 99']);
    expect(tail(path.join(dir, 'missing.log'))).toBe('');
  });

  it('runs a command and says how it ended, or that it could not start', async () => {
    expect(await run(process.execPath, ['-e', 'process.stdout.write("out"); process.exit(3)'])).toMatchObject({
      code: 3,
      stdout: 'out',
    });
    const missing = await run('omni-no-such-command', []);
    expect(missing.code).toBe(-1);
    expect(missing.error.code).toBe('ENOENT');
  });

  it('knows a live process and its command line, and one that has ended', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'omni-marker'], {
      stdio: 'ignore',
      cwd: dir,
    });
    try {
      expect(isAlive(child.pid)).toBe(true);
      expect(isRunning(child.pid)).toBe(true);
      if (process.platform === 'linux') {
        expect(cmdline(child.pid)).toContain('omni-marker');
        expect(processCwd(child.pid)).toBe(fs.realpathSync(dir));
      }
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    expect(isRunning(child.pid)).toBe(false);
    expect(isAlive(2147483646)).toBe(false);
    expect(isAlive(null)).toBe(false);
    expect(processCwd(2147483646)).toBe(null);
  });

  it('resolves symlinks, also in a path whose last parts do not exist yet', () => {
    const real = fs.realpathSync(dir);
    fs.mkdirSync(path.join(dir, 'infra'));
    fs.symlinkSync(path.join(dir, 'infra'), path.join(dir, 'link'));
    expect(realPath(path.join(dir, 'link'))).toBe(path.join(real, 'infra'));
    expect(realPath(path.join(dir, 'link', 'kafka-9.9.9', 'config', 'server.properties'))).toBe(
      path.join(real, 'infra', 'kafka-9.9.9', 'config', 'server.properties'),
    );
    expect(realPath(path.join(dir, 'missing', 'deeper'))).toBe(path.join(real, 'missing', 'deeper'));
    expect(realPath(path.sep)).toBe(path.sep);
  });

  it('shows seconds with one decimal', () => {
    expect(fmtSecs(1234)).toBe('1.2s');
    expect(fmtSecs(90_000)).toBe('90.0s');
  });
});
