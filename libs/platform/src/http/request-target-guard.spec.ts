import { ProblemException } from './problem-details';
import { pathFault, queryFault, requestTargetGuard } from './request-target-guard';

/** What the guard makes of a request target: 'pass', or the status and field it refuses with. */
function verdict(url: string): string {
  let outcome = 'no answer';
  requestTargetGuard({ url }, {}, (error?: unknown) => {
    outcome =
      error instanceof ProblemException
        ? `${error.getStatus()} ${error.problem.errors?.[0]?.field}`
        : error
          ? 'other error'
          : 'pass';
  });
  return outcome;
}

describe('requestTargetGuard (path and query, before routing)', () => {
  it.each([
    '/v1/orders',
    '/v1/orders/6f1c2a4e-9d3b-4b7a-8c1e-2f3a4b5c6d7e',
    '/v1/availability/SKU-1?channel=web',
    '/v1/orders?limit=20&cursor=eyJh.bWFj&status=placed',
    '/v1/availability/stream?skus=A,B,C',
    '/v1/locations/s%2D1?name=caf%C3%A9+cr%C3%A8me',
    '/v1/x?flag',
  ])('passes %s', (url) => {
    expect(verdict(url)).toBe('pass');
  });

  it.each([
    ['NUL in a path segment', '/v1/orders/o%001', '(path)'],
    ['a lone surrogate as UTF-8 bytes in the path', '/v1/orders/%ED%A0%80', '(path)'],
    ['a malformed escape in the path', '/v1/orders/%E0%A4%A', '(path)'],
    ['a stray percent in the path', '/v1/orders/100%', '(path)'],
    ['an overlong path segment', `/v1/orders/${'a'.repeat(2_001)}`, '(path)'],
    ['NUL in a query value', '/v1/orders?status=placed%00', 'status'],
    ['a lone surrogate in a query value', '/v1/orders?cursor=%ED%B0%80', 'cursor'],
    ['a malformed escape in a query value', '/v1/orders?cursor=%zz', 'cursor'],
    ['a repeated parameter (Express would make it an array)', '/v1/orders?status=placed&status=cancelled', 'status'],
    ['a bracketed name (qs would make it an object)', '/v1/orders?status[a]=b', 'status[a]'],
    ['an array-style name', '/v1/orders?status[]=placed', 'status[]'],
    ['a prototype name', '/v1/orders?__proto__=x', '__proto__'],
    ['a name that is not UTF-8', '/v1/orders?%FF=1', '(query)'],
  ])('refuses %s with 400', (_what, url, field) => {
    expect(verdict(url)).toBe(`400 ${field}`);
  });

  it('refuses more than 50 parameters', () => {
    const query = Array.from({ length: 51 }, (_, i) => `p${i}=1`).join('&');
    expect(queryFault(query)).toMatchObject({ message: expect.stringContaining('more than 50') });
  });

  it('reads no more than it must', () => {
    expect(pathFault('/')).toBeUndefined();
    expect(queryFault('')).toBeUndefined();
    expect(queryFault('&&a=1&')).toBeUndefined();
  });
});
