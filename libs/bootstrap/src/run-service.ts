import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@omni/platform';
import { createServiceApp, type ServiceDefinition } from './create-service-app';

const EX_CONFIG = 78;

/**
 * A service's main(): validate the environment (a bad or missing variable stops the process with
 * its name), start, and stop cleanly on SIGINT/SIGTERM (Nest's shutdown hooks close consumers,
 * flush the relay and release connections).
 */
export function runService(definition: ServiceDefinition): void {
  start(definition).catch((error: Error) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.service}: ${error.message}\n`);
      process.exit(EX_CONFIG);
    }
    process.stderr.write(`${definition.service} failed to start: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}

async function start(definition: ServiceDefinition): Promise<void> {
  const config = loadConfig(process.env, { PORT: String(definition.defaultPort) });
  const app = await createServiceApp(definition, config);
  await app.listen(config.PORT, '0.0.0.0');
  new Logger(definition.service).log(`${definition.service} listening on :${config.PORT}`);
}
