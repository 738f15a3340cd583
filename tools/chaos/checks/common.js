// Shared by the checks: rows of a query, and the few offenders a figure shows.
'use strict';

const SAMPLE = 5;
const sample = (rows) => rows.slice(0, SAMPLE);

async function rowsOf(db, sql, params = []) {
  return (await db.query(sql, params)).rows;
}

module.exports = { SAMPLE, sample, rowsOf };
