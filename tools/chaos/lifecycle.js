// What a chaos run leaves behind: nothing. Every resource it starts registers how to undo it here;
// cleanup runs them newest first on success, failure, Ctrl-C, SIGTERM or the hard time limit, and
// the synchronous exit hook kills whatever processes are still known if even that was cut short.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const log = (message) => process.stderr.write(`[chaos] ${message}\n`);

class Lifecycle {
  constructor() {
    this.steps = [];
    this.pids = new Set();
    this.cleaning = null;
    this.aborted = null;
    this.abortListeners = new Set();
    process.on('exit', () => {
      // Last resort (an uncaught error mid-cleanup, a second Ctrl-C): nothing of ours may outlive us.
      for (const pid of this.pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    });
  }

  /** Runs `undo` at cleanup (newest first); returns a function that runs it early, once. */
  onCleanup(name, undo) {
    const step = { name, undo, done: false };
    this.steps.push(step);
    return async () => {
      if (step.done) return;
      step.done = true;
      await undo();
    };
  }

  /** A process the exit hook kills if nothing else did. */
  track(pid) {
    if (pid) this.pids.add(pid);
  }

  untrack(pid) {
    this.pids.delete(pid);
  }

  /** Ctrl-C / SIGTERM / the hard limit: stop what runs (loops watch `aborted`), clean up, exit. */
  installSignals(hardLimitMs) {
    let signals = 0;
    const onSignal = (signal) => {
      signals += 1;
      if (signals > 1) {
        log(`${signal} again: killing everything now`);
        process.exit(130);
      }
      this.abort(`${signal} received`);
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
    const limit = setTimeout(
      () => this.abort(`hard limit of ${Math.round(hardLimitMs / 1000)} s reached`),
      hardLimitMs,
    );
    limit.unref();
  }

  abort(reason) {
    if (this.aborted) return;
    this.aborted = reason;
    log(`aborting: ${reason}`);
    for (const listener of this.abortListeners) listener(reason);
    // The main flow notices and unwinds; if it does not within a minute, clean up from here.
    const force = setTimeout(async () => {
      await this.cleanup();
      process.exit(130);
    }, 60_000);
    force.unref();
  }

  onAbort(listener) {
    this.abortListeners.add(listener);
    return () => this.abortListeners.delete(listener);
  }

  /** Throws if the run was aborted: call between steps. */
  check() {
    if (this.aborted) throw new Error(`aborted: ${this.aborted}`);
  }

  cleanup() {
    if (!this.cleaning) {
      this.cleaning = (async () => {
        for (const step of [...this.steps].reverse()) {
          if (step.done) continue;
          step.done = true;
          try {
            await withTimeout(step.undo(), 60_000, step.name);
          } catch (error) {
            log(`cleanup "${step.name}" failed: ${error.message}`);
          }
        }
      })();
    }
    return this.cleaning;
  }
}

function withTimeout(promise, ms, name) {
  let timer;
  return Promise.race([
    Promise.resolve(promise).finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} took over ${ms} ms`)), ms);
    }),
  ]);
}

/** One chaos run per folder at a time (they would share ports, broker and database). */
function takeLock(lifecycle, lockFile) {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let i = 0; i < 2; i++) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      lifecycle.onCleanup('lock', () => fs.rmSync(lockFile, { force: true }));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (holder && alive(holder)) throw new Error(`another chaos run (pid ${holder}) holds ${lockFile}`);
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not take ${lockFile}`);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const sleep = (ms, lifecycle) =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const off = lifecycle ? lifecycle.onAbort(done) : () => undefined;
    function done() {
      clearTimeout(timer);
      off();
      resolve();
    }
  });

module.exports = { Lifecycle, takeLock, sleep, log, alive };
