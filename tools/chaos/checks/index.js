// The invariants, checked once the system is quiet: SQL over every service's schema (the checker
// may read them all; the services never do), the run's record of what was acknowledged, the
// broker's groups and the DLQ. Each check answers one figure: { chaos, ok, ...what it counted }.
'use strict';

module.exports = {
  ...require('./effects'),
  ...require('./stock'),
  ...require('./pipeline'),
  ...require('./journey'),
};
