// The figures' arithmetic, shared by the runner and every bench module.
'use strict';

/** The p-th percentile (nearest rank) of `values`; null when there are none. */
function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Rounded to `digits` decimals; null for anything that is not a finite number. */
function round(value, digits = 1) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

module.exports = { percentile, round };
