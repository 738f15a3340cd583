import { dtoVerdict, hostileVariants } from '@omni/testing';
import { CreateSubscriptionDto } from './subscription.dto';

const valid = {
  channel: 'web',
  url: 'https://shop.example.com/hooks',
  eventTypes: ['order.ready-for-pickup', 'order.shipped'],
  description: 'shop',
};
const OPTIONAL = new Set(['channel', 'description']);

describe('CreateSubscriptionDto against hostile shapes', () => {
  it('admits the valid body, and one with only the URL and the types', async () => {
    expect(await dtoVerdict(CreateSubscriptionDto, valid)).toMatchObject({ accepted: true });
    expect(await dtoVerdict(CreateSubscriptionDto, { url: valid.url, eventTypes: ['order.cancelled'] })).toMatchObject({
      accepted: true,
    });
  });

  // null stands for "not given" in the optional fields; every other hostile shape is a 400.
  it.each(hostileVariants(valid))('refuses $path as $what', async ({ path, what, body }) => {
    expect((await dtoVerdict(CreateSubscriptionDto, body)).accepted).toBe(OPTIONAL.has(path) && what === 'null');
  });

  it('refuses an unknown or repeated type, none at all, and a URL past 2,048 characters', async () => {
    for (const eventTypes of [['fulfilment.ready-for-pickup'], ['order.shipped', 'order.shipped'], []]) {
      expect((await dtoVerdict(CreateSubscriptionDto, { ...valid, eventTypes })).accepted).toBe(false);
    }
    expect(
      (await dtoVerdict(CreateSubscriptionDto, { ...valid, url: `https://e.com/${'a'.repeat(2048)}` })).accepted,
    ).toBe(false);
  });
});
