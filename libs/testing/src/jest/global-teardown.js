// What the global setup started goes: its containers, or its own broker, and any private broker a
// test left behind. A broker named by KAFKA_BROKERS was not started here and is left as it is.
const { removeBrokersUnder } = require('../own-broker');

module.exports = async () => {
  for (const container of globalThis.__omniContainers ?? []) await container.stop();
  await globalThis.__omniTestBroker?.remove();
  if (globalThis.__omniTestRunDir) removeBrokersUnder(globalThis.__omniTestRunDir);
};
