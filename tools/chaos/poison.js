// One poison event: a well-formed envelope of orders.order-placed on omni.orders.v1 whose data
// breaks the contract (as a buggy producer would send it). Every consumer that handles the type
// must dead-letter it once and move on; no other record may reach the DLQ.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { kafkaOf, timeout, EVENT_TYPE_HEADER } = require('./kafka');

const TOPIC = 'omni.orders.v1';
const TYPE = 'orders.order-placed';

// A handler (`@EventPattern(OrderPlaced.type)`) or an event step of a saga table (`onEvent(OrderPlaced, ...)`).
const HANDLES_ORDER_PLACED = /@EventPattern\(\s*OrderPlaced\.type\s*\)|onEvent\(\s*OrderPlaced\s*,/;

/** The services whose code handles orders.order-placed: read from the source, so the check follows the code. */
function expectedConsumers(root) {
  const found = [];
  for (const service of ['inventory', 'orders', 'fulfilment', 'returns']) {
    const stack = [path.join(root, 'apps', service, 'src')];
    let handles = false;
    while (stack.length && !handles) {
      const dir = stack.pop();
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) stack.push(full);
        else if (entry.name.endsWith('.ts') && HANDLES_ORDER_PLACED.test(fs.readFileSync(full, 'utf8'))) handles = true;
      }
    }
    if (handles) found.push(service);
  }
  return found;
}

async function injectPoison(cfg) {
  const id = randomUUID();
  const orderId = `chaos-poison-${id.slice(0, 8)}`;
  const envelope = {
    id,
    type: TYPE,
    version: 1,
    occurredAt: new Date().toISOString(),
    source: 'orders',
    key: orderId,
    correlationId: randomUUID(),
    causationId: null,
    actor: { channel: 'web' },
    // The contract wants customer, lines[] and placedAt: this has none of them right.
    data: { orderId, channel: 'web', customer: 'not-an-object', lines: 'not-a-list', placedAt: 'yesterday' },
  };
  const kafka = kafkaOf(cfg, 'chaos-poison');
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await timeout(producer.connect(), 10_000, 'producer connect');
  try {
    const [meta] = await timeout(
      producer.send({
        topic: TOPIC,
        acks: -1,
        messages: [
          { key: orderId, value: JSON.stringify(envelope), headers: { [EVENT_TYPE_HEADER]: TYPE, 'event-id': id } },
        ],
      }),
      10_000,
      'poison send',
    );
    return { topic: TOPIC, partition: meta.partition, offset: String(meta.baseOffset), eventId: id, orderId };
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

module.exports = { injectPoison, expectedConsumers };
