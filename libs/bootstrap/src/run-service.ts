import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, type AppConfig } from '@omni/platform';
import { createServiceApp, type ServiceDefinition } from './create-service-app';
import { reportWorkerReady, superviseWorkers } from './worker-supervisor';

const EX_CONFIG = 78;

/**
 * A service's main(): validate the environment (a bad or missing variable stops the process with
 * its name), start, and stop cleanly on SIGINT/SIGTERM (Nest's shutdown hooks close consumers,
 * flush the relay and release connections). With HTTP_WORKERS > 1 this process only supervises
 * that many workers, each of which runs the service.
 */
export function runService(definition: ServiceDefinition): void {
  let config: AppConfig;
  try {
    config = loadConfig(process.env, { PORT: String(definition.defaultPort) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.service}: ${error.message}\n`);
    process.exit(EX_CONFIG);
  }
  if (config.HTTP_WORKERS > 1 && cluster.isPrimary) {
    void superviseWorkers({ count: config.HTTP_WORKERS, name: definition.service }).then((code) => process.exit(code));
    return;
  }
  start(definition, config).catch((error: Error) => {
    process.stderr.write(`${definition.service} failed to start: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}

async function start(definition: ServiceDefinition, config: AppConfig): Promise<void> {
  const app = await createServiceApp(definition, config);
  await app.listen(config.PORT, '0.0.0.0');
  new Logger(definition.service).log(`${definition.service} listening on :${config.PORT}`);
  reportWorkerReady();
}
