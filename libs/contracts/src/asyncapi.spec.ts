import { asyncApiDocument } from './asyncapi';
import { allEventDefinitions } from './event-definition';
import './events';

describe('AsyncAPI document', () => {
  const doc = asyncApiDocument() as {
    channels: Record<string, { address: string; messages: Record<string, unknown> }>;
    components: { messages: Record<string, { payload: { properties: { data: { properties: Record<string, unknown>; required: string[] } } } }> };
  };

  it('lists every declared event under its owner topic', () => {
    const listed = Object.values(doc.channels).flatMap((c) => Object.keys(c.messages));
    expect(listed.sort()).toEqual(allEventDefinitions().map((d) => `${d.type}.v${d.version}`).sort());
    expect(doc.channels.orders.address).toBe('omni.orders.v1');
  });

  it('derives each data schema from the contract classes, nested arrays included', () => {
    const placed = doc.components.messages['orders.order-placed.v1'].payload.properties.data;
    expect(placed.required).toContain('orderId');
    expect(placed.properties.lines).toMatchObject({ type: 'array', items: { type: 'object' } });
  });
});
