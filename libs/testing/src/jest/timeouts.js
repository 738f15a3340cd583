// Integration tests wait on real brokers and group rebalances; hooks need the same headroom as tests.
jest.setTimeout(120000);
