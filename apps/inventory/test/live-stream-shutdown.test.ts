import { apiClient, ADMIN, eventually, startTestService, uniqueSuffix, WEB, type RunningService } from '@omni/testing';
import { inventoryService } from '../src/inventory.service-definition';
import { location, receive, SseReader } from './support';

// The HTTP server waits for its open responses when the service stops: an availability stream a
// client keeps reading must not keep the service running.
describe('availability streams when the service stops', () => {
  let svc: RunningService | undefined;

  afterAll(async () => {
    await svc?.stop();
  });

  it('ends the open streams, so the service stops while a client still reads', async () => {
    svc = await startTestService(inventoryService, { topicPrefix: `t${uniqueSuffix()}.` });
    const admin = apiClient(svc, ADMIN);
    expect((await admin.put('/v1/locations/dc-1', location('dc', [], 49.0, 2.5))).status).toBe(201);
    await receive(admin, 'SHUT-1', 'dc-1', 3);
    const stream = await SseReader.open(`${svc.url}/v1/availability/stream?skus=SHUT-1`, apiClient(svc, WEB).token);
    await eventually(async () => stream.events.some((e) => e.type === 'snapshot'), 10000, 'the snapshot');
    let ended = false;
    void stream.ended.then(() => (ended = true));

    const stopping = svc.stop();
    svc = undefined;
    await stopping;
    expect(ended).toBe(true);
    await stream.close();
  }, 60000);
});
