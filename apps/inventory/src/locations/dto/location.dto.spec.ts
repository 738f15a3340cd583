import { dtoVerdict, hostileVariants, storeBody } from '@omni/testing';
import { PutChannelRuleDto } from '../../channels/dto/channel-rule.dto';
import { PutLocationDto } from './location.dto';

const bodies: Array<[string, new () => object, object, string[]]> = [
  [
    'PutLocationDto',
    PutLocationDto,
    storeBody('Rivoli', { city: 'Paris', postalCode: '75001', lat: 48.86, lng: 2.34 }),
    [],
  ],
  [
    'PutChannelRuleDto',
    PutChannelRuleDto,
    {
      sources: [{ type: 'store', capability: 'bopis' }],
      includeLocationIds: ['s-1'],
      excludeLocationIds: ['s-2'],
      ownLocations: true,
      safetyBuffer: 1,
    },
    // Optional fields, where null reads as absent.
    ['sources.0.capability', 'includeLocationIds', 'excludeLocationIds', 'ownLocations'],
  ],
];

describe.each(bodies)('%s against hostile shapes', (_name, dto, valid, nullable) => {
  it('admits the valid body', async () => {
    expect(await dtoVerdict(dto, valid)).toMatchObject({ accepted: true });
  });

  it.each(hostileVariants(valid))('refuses $path as $what', async ({ path, what, body }) => {
    expect((await dtoVerdict(dto, body)).accepted).toBe(what === 'null' && nullable.includes(path));
  });
});
