// Statements each service has sent to Postgres (db_statements_total on its /metrics). Round trips are
// most of what an operation costs a service on this kind of box, and unlike throughput their count per
// operation does not move with the machine's load: the figure that says whether a path got cheaper.
'use strict';

/** The service's db_statements_total so far, or null when it cannot be read. */
async function statementsSoFar(url, adminToken) {
  try {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } });
    const match = /^db_statements_total (\d+)/m.exec(await res.text());
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** {name: count} for every service of `services` ({name: {url}}). */
async function statementsOf(services, adminToken) {
  const entries = await Promise.all(
    Object.entries(services).map(async ([name, s]) => [name, await statementsSoFar(s.url, adminToken)]),
  );
  return Object.fromEntries(entries);
}

/** Per operation between two statementsOf() readings, one decimal; null where either is missing. */
function perOperation(before, after, operations) {
  return Object.fromEntries(
    Object.keys(before).map((name) => [
      name,
      before[name] === null || after[name] === null || !operations
        ? null
        : Math.round(((after[name] - before[name]) * 10) / operations) / 10,
    ]),
  );
}

module.exports = { statementsOf, perOperation };
