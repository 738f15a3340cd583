// stdout carries one JSON line per figure ({"chaos":"<figure>", "ok": ..., ...}), then a summary
// for people; progress goes to stderr.
'use strict';

const secs = (ms) => (ms === null || ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);

class Report {
  constructor() {
    this.figures = [];
  }

  emit(figure) {
    this.figures.push(figure);
    process.stdout.write(`${JSON.stringify(figure)}\n`);
  }

  get failed() {
    return this.figures.filter((f) => f.ok === false);
  }

  summary() {
    const out = [];
    const run = this.figures.find((f) => f.chaos === 'run');
    if (run) {
      out.push(
        `\nchaos run: ${run.faults} faults during ${run.load_s} s of load on ${run.replicas} replicas (12-partition topics); ` +
          `${run.requests} requests, ${run.requests_retried} retried, ${run.requests_given_up} given up; took ${run.duration_s} s, load average ${run.load_average.join(' ')}`,
      );
      for (const e of run.replicas_exited_by_themselves ?? [])
        out.push(`  ${e.replica} exited by itself (${e.code ?? e.signal}) at ${e.at}; started again`);
    }
    out.push('invariants:');
    for (const f of this.figures.filter((x) => !['run', 'load', 'recovery'].includes(x.chaos))) {
      out.push(`  ${f.ok ? 'ok  ' : 'FAIL'} ${f.chaos}: ${describe(f)}`);
    }
    out.push('recovery, from injection ([overlapped]: another fault was in flight before it settled):');
    for (const f of this.figures.filter((x) => x.chaos === 'recovery')) {
      const restart = f.restart_ready_ms !== undefined ? `, restart ready in ${secs(f.restart_ready_ms)}` : '';
      const answered = f.attempts_in_window
        ? `answered after ${secs(f.service_available_ms)}, every attempt ok after ${secs(f.requests_ok_ms)}`
        : 'no requests in its window';
      out.push(
        `  ${f.ok ? 'ok  ' : 'FAIL'} ${f.fault.padEnd(31)} ${answered} (${f.failed_attempts} failed attempts, ${f.requests_given_up} given up)` +
          `, lag ok after ${secs(f.lag_ok_ms)} (peak ${f.lag_peak ?? '?'})${restart}${f.overlapped ? ' [overlapped]' : ''}${f.error ? ` ERROR ${f.error}` : ''}`,
      );
    }
    const failed = this.failed;
    out.push(
      failed.length
        ? `\n${failed.length} figure(s) failed: ${failed.map((f) => f.fault ?? f.chaos).join(', ')}`
        : '\nevery invariant held and every fault recovered',
    );
    process.stdout.write(`${out.join('\n')}\n`);
  }
}

function describe(f) {
  switch (f.chaos) {
    case 'acknowledged-effects-lost':
      return `${f.lost} lost of ${Object.entries(f.acknowledged)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`;
    case 'effects-doubled':
      return `${f.doubled} doubled${
        f.doubled
          ? ` (${Object.entries(f)
              .filter(([, v]) => v && typeof v === 'object' && v.n)
              .map(([k, v]) => `${k} ${v.n}`)
              .join(', ')})`
          : ''
      }`;
    case 'ledger-equals-levels':
      return `${f.drifted} of ${f.levels} levels drift from the ledger`;
    case 'reserved-equals-holds-and-allocations':
      return `${f.levels_mismatched} levels where reserved <> active holds + allocations (${f.helper})`;
    case 'reserved-for-closed-lines':
      return `${f.units} units reserved for ${f.lines} closed lines; ${f.holds_past_expiry_still_active} holds past expiry still active`;
    case 'oversold':
      return `${f.levels} online levels promise more than is on the shelf`;
    case 'outboxes-drained':
      return (
        Object.entries(f.unsent)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') + ' unsent'
      );
    case 'consumer-lag':
      return f.lag
        ? Object.entries(f.lag)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')
        : f.error;
    case 'consumer-groups':
      return f.groups
        ? Object.entries(f.groups)
            .map(([k, v]) => `${k} ${v.state}/${v.members}`)
            .join(', ')
        : f.error;
    case 'replicas-ready':
      return Object.entries(f.status)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    case 'orders-stuck-at-placed':
      return `${f.orders} orders at placed, ${f.still_pending} still pending; ${f.fulfilment_lines_still_sourcing} fulfilment lines still sourcing; ${f.allocation_requests_pending} allocation requests pending`;
    case 'order-status-agrees':
      return `${f.mismatches} of ${f.lines} lines disagree${
        f.mismatches
          ? `: ${Object.entries(f.kinds)
              .map(([k, v]) => `${k} ${v}`)
              .join('; ')}`
          : ''
      }`;
    case 'dead-letters':
      return `${f.total} letters: poison ${JSON.stringify(f.poison_letters)} (expected one from each of ${f.expected_consumers.join(', ')}), ${f.other_letters} others`;
    case 'quiescence':
      return f.ok ? `quiet after ${secs(f.ms)}` : `not quiet after ${secs(f.ms)}: ${JSON.stringify(f.last)}`;
    default:
      return JSON.stringify(f);
  }
}

module.exports = { Report };
