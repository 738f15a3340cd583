// Small helpers of tools/infra: commands, processes (Linux /proc), real paths, log files, formatting.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function defaultLog(msg) {
  console.log(`[infra] ${msg}`);
}

/** Runs a command, resolves { code, stdout, stderr } (code -1 with error if it could not start). */
function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024, ...opts }, (err, stdout, stderr) => {
      if (err && (err.code === 'ENOENT' || typeof err.code !== 'number')) {
        resolve({
          code: typeof err.code === 'number' ? err.code : -1,
          stdout: String(stdout || ''),
          stderr: String(stderr || ''),
          error: err,
        });
      } else {
        resolve({ code: err ? err.code : 0, stdout: String(stdout || ''), stderr: String(stderr || '') });
      }
    });
  });
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Alive and not a zombie (an exited child of ours that is not reaped yet has an empty cmdline). */
function isRunning(pid) {
  if (!isAlive(pid)) return false;
  const args = cmdline(pid);
  return args === null || args.length > 0;
}

/** Command line of a process (Linux /proc), or null if unknown. */
function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** Working directory of a process (Linux /proc), or null if unknown. */
function processCwd(pid) {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

/** The real path of `file`, symlinks resolved, also for a path whose last parts do not exist yet. */
function realPath(file) {
  try {
    return fs.realpathSync(file);
  } catch {
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realPath(parent), path.basename(file));
  }
}

function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Text appended to `file` since byte `offset` (whole file if it was rotated/truncated). */
function readSince(file, offset) {
  try {
    const size = fs.statSync(file).size;
    const start = size < offset ? 0 : offset;
    if (size === start) return '';
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(size - start);
      fs.readSync(fd, buf, 0, buf.length, start);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

function tail(file, lines = 40) {
  try {
    const size = fs.statSync(file).size;
    const text = readSince(file, Math.max(0, size - 64 * 1024));
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '';
  }
}

function fmtSecs(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

module.exports = {
  sleep,
  defaultLog,
  run,
  isAlive,
  isRunning,
  cmdline,
  processCwd,
  realPath,
  fileSize,
  readSince,
  tail,
  fmtSecs,
};
