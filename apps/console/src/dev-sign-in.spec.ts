import jwt from 'jsonwebtoken';
import { mintDevToken, readDevTokenRequest } from './dev-sign-in';

describe('development sign-in', () => {
  it('gives a store token the pos channel and the subject npm run token gives it', () => {
    const parsed = readDevTokenRequest({ role: 'store', locations: ['s-002', 's-001', 's-001'] });
    expect(parsed).toEqual({ ok: true, value: { role: 'store', locations: ['s-002', 's-001'], channel: 'pos' } });
    if (!parsed.ok) return;
    const { token } = mintDevToken(parsed.value, 'secret-0123456789');
    expect(jwt.verify(token, 'secret-0123456789', { algorithms: ['HS256'] })).toMatchObject({
      role: 'store',
      channel: 'pos',
      locations: ['s-002', 's-001'],
      sub: 'store:s-001,s-002',
    });
  });

  it.each([
    [{ role: 'channel', channel: 'web' }, 'role'],
    [{ role: 'store', locations: [] }, 'locations'],
    [{ role: 'store', locations: ['bad id'] }, 'locations'],
    [{ role: 'admin', channel: 'fax' }, 'channel'],
    [[], 'role'],
  ])('refuses %j, naming %s', (body, field) => {
    expect(readDevTokenRequest(body)).toMatchObject({ ok: false, errors: [expect.objectContaining({ field })] });
  });
});
