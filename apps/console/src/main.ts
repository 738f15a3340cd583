import { consoleConfig } from './console-config';
import { createConsoleServer } from './console-server';

async function main(): Promise<void> {
  const config = consoleConfig(process.env);
  const app = await createConsoleServer({ ...config, logLevel: process.env.CONSOLE_LOG_LEVEL ?? 'warn' });
  await app.listen({ port: config.port, host: config.host });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`console: ${error.message}\n`);
  process.exit(1);
});
