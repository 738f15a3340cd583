import { dtoVerdict, hostileVariants } from '@omni/testing';
import { CreateHoldDto } from './hold.dto';

const hold = {
  channel: 'web',
  lines: [{ sku: 'SKU-1', qty: 2, locationId: 's-1' }],
  ttlSeconds: 600,
  allowPartial: true,
};

// The stock-held event is built from these fields and what the database answers, so the DTO is the
// only guard: it must refuse every hostile shape, except null where an optional field is read as absent.
const NULL_READ_AS_ABSENT = ['lines.0.locationId', 'ttlSeconds', 'allowPartial']; // HoldsService.create: `?? default`

describe('CreateHoldDto against hostile shapes', () => {
  it('admits the valid body', async () => {
    expect(await dtoVerdict(CreateHoldDto, hold)).toMatchObject({ accepted: true });
  });

  it.each(hostileVariants(hold))(
    'refuses $path as $what (null only where it means absent)',
    async ({ path, what, body }) => {
      const verdict = await dtoVerdict(CreateHoldDto, body);
      expect(verdict.accepted).toBe(what === 'null' && NULL_READ_AS_ABSENT.includes(path));
    },
  );
});
