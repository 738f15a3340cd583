import { dtoVerdict, hostileVariants } from '@omni/testing';
import { AuthoriseReturnDto, ReceiveReturnDto, WalkInReturnDto } from './return.dto';

const line = { orderLineId: 'l-1', qty: 1, reason: 'defective' };
const bodies: Array<[string, new () => object, object]> = [
  [
    'AuthoriseReturnDto',
    AuthoriseReturnDto,
    { orderId: 'o-1', returnTo: { method: 'in-store', locationId: 's-1' }, lines: [line] },
  ],
  ['WalkInReturnDto', WalkInReturnDto, { orderId: 'o-1', locationId: 's-1', lines: [line] }],
  ['ReceiveReturnDto', ReceiveReturnDto, { locationId: 's-1', lines: [{ orderLineId: 'l-1', qty: 1 }] }],
];

// returns.return-authorised and returns.items-received take these fields beside what the database
// answers, so the DTO is the only guard: every hostile shape is refused (returnTo as [] used to pass
// and reach a NOT NULL column as a 500), except null for the optional lines of a receipt (all came back).
describe.each(bodies)('%s against hostile shapes', (_name, dto, valid) => {
  it('admits the valid body', async () => {
    expect(await dtoVerdict(dto, valid)).toMatchObject({ accepted: true });
  });

  it.each(hostileVariants(valid))('refuses $path as $what', async ({ path, what, body }) => {
    const verdict = await dtoVerdict(dto, body);
    expect(verdict.accepted).toBe(dto === ReceiveReturnDto && path === 'lines' && what === 'null');
  });
});
