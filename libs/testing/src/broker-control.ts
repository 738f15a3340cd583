import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

// The broker is stopped for real: the local KRaft process, or the container where testcontainers runs it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const infra = () => require(path.join(__dirname, '../../../tools/infra/infra.js')) as { up(): Promise<void>; down(): Promise<void> };

export async function stopKafka(): Promise<void> {
  if (process.env.OMNI_TEST_INFRA === 'testcontainers') docker('pause');
  else await infra().down();
}

export async function startKafka(): Promise<void> {
  if (process.env.OMNI_TEST_INFRA === 'testcontainers') docker('unpause');
  else await infra().up();
}

function docker(verb: 'pause' | 'unpause'): void {
  const id = process.env.OMNI_KAFKA_CONTAINER;
  if (!id) throw new Error('OMNI_KAFKA_CONTAINER is not set by the global setup');
  execFileSync('docker', [verb, id], { stdio: 'inherit' });
}
