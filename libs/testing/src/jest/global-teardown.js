// Containers started for this run go; the local infrastructure stays up for the next run.
module.exports = async () => {
  for (const container of globalThis.__omniContainers ?? []) await container.stop();
};
