import { dtoVerdict, hostileVariants } from '@omni/testing';
import { PickDto } from '../../tasks/dto/task.dto';
import { DryRunDto } from './sourcing.dto';

const ADDRESS = { line1: '2 Low Rd', city: 'York', postalCode: 'YO1 7HH', country: 'GB' };
const bodies: Array<[string, new () => object, object, string[]]> = [
  [
    'DryRunDto',
    DryRunDto,
    {
      lines: [
        {
          orderLineId: 'l-1',
          sku: 'SKU-1',
          qty: 1,
          delivery: { type: 'ship', address: { ...ADDRESS, line2: 'Flat 1' } },
        },
        { sku: 'SKU-2', qty: 1, delivery: { type: 'pickup', locationId: 's-1' } },
      ],
      holdId: 'h-1',
      excludeLocationIds: ['s-9'],
    },
    // Optional fields, where null reads as absent.
    ['lines.0.orderLineId', 'lines.0.delivery.address.line2', 'holdId', 'excludeLocationIds'],
  ],
  ['PickDto', PickDto, { lines: [{ orderLineId: 'l-1', pickedQty: 1 }] }, []],
];

// A dry run once took `address: [...]` to a 500; every nested object is declared as one (NestedObject).
describe.each(bodies)('%s against hostile shapes', (_name, dto, valid, nullable) => {
  it('admits the valid body', async () => {
    expect(await dtoVerdict(dto, valid)).toMatchObject({ accepted: true });
  });

  it.each(hostileVariants(valid))('refuses $path as $what', async ({ path, what, body }) => {
    expect((await dtoVerdict(dto, body)).accepted).toBe(what === 'null' && nullable.includes(path));
  });
});
