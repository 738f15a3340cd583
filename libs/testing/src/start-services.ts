import type { ServiceDefinition } from '@omni/bootstrap';
import { startTestService, type RunningService } from './test-service';

/** Real services on one event log, started together; if one fails to start, the others are stopped. */
export async function startServices(
  topicPrefix: string,
  services: ReadonlyArray<ServiceDefinition | { definition: ServiceDefinition; env?: Record<string, string> }>,
): Promise<RunningService[]> {
  const started = await Promise.allSettled(
    services.map((s) =>
      'definition' in s
        ? startTestService(s.definition, { topicPrefix, env: s.env })
        : startTestService(s, { topicPrefix }),
    ),
  );
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<RunningService>).value);
}
