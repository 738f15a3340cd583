'use strict';
// Bodies the bench modules send to set up a run (plain JS: the benches run without the TypeScript harness).

/** `PUT /v1/locations/{id}`: a Lyon store that sells, takes pickups and ships. */
function lyonStoreBody(name) {
  return {
    type: 'store',
    name,
    address: { line1: `1 ${name}`, city: 'Lyon', postalCode: '69001', country: 'FR' },
    lat: 45.76,
    lng: 4.84,
    timezone: 'Europe/Paris',
    capabilities: ['sells_in_store', 'bopis', 'ship_from_store'],
    active: true,
  };
}

module.exports = { lyonStoreBody };
