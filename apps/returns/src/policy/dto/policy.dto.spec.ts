import { SKU_MAX_LENGTH } from '@omni/contracts';
import { dtoVerdict, hostileVariants } from '@omni/testing';
import { InspectReturnDto } from '../../inspection/dto/inspect.dto';
import { ReturnPolicyDto, SkuSettingDto } from './policy.dto';

const bodies: Array<[string, new () => object, object, string[]]> = [
  [
    'ReturnPolicyDto',
    ReturnPolicyDto,
    {
      defaultWindowDays: 30,
      restockingFeeBps: 100,
      feeWaivedReasons: ['defective'],
      categories: [{ category: 'shoes', windowDays: 30, skuPrefixes: ['SH-'] }],
    },
    [],
  ],
  ['SkuSettingDto', SkuSettingDto, { category: 'shoes', returnable: true }, ['category']],
  [
    'InspectReturnDto',
    InspectReturnDto,
    { lines: [{ orderLineId: 'l-1', disposition: 'transfer', qty: 1, toLocationId: 'dc-1', note: 'ok' }] },
    // Optional fields, where null reads as absent.
    ['lines.0.toLocationId', 'lines.0.note'],
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

describe('a category’s SKU prefixes', () => {
  const policy = (skuPrefixes: string[]) => ({
    defaultWindowDays: 30,
    restockingFeeBps: 0,
    feeWaivedReasons: [],
    categories: [{ category: 'shoes', windowDays: 30, skuPrefixes }],
  });

  it('takes any non-empty start of a SKU', async () => {
    expect(await dtoVerdict(ReturnPolicyDto, policy(['S', 'SH-', 'a'.repeat(SKU_MAX_LENGTH)]))).toMatchObject({
      accepted: true,
    });
  });

  it.each([['-SH'], ['SH 1'], [''], ['a'.repeat(SKU_MAX_LENGTH + 1)]])(
    'refuses %j, which no SKU starts with',
    async (prefix) => {
      expect(await dtoVerdict(ReturnPolicyDto, policy([prefix]))).toMatchObject({ accepted: false });
    },
  );
});
