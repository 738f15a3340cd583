import { unnestColumns } from './unnest-columns';

describe('unnestColumns', () => {
  const rows = [
    { sku: 'A', location_id: 's-1', qty: 2 },
    { sku: 'B', location_id: 's-2', qty: 5 },
  ];

  it('names one typed placeholder per column and sends one array per column, in the rows’ order', () => {
    const u = unnestColumns('t', { sku: 'text', location_id: 'text', qty: 'int' }, rows);
    expect(u.sql).toBe('unnest($1::text[], $2::text[], $3::int[]) AS t(sku, location_id, qty)');
    expect(u.params).toEqual([
      ['A', 'B'],
      ['s-1', 's-2'],
      [2, 5],
    ]);
    expect(u.next).toBe(4);
  });

  it('numbers from where the statement’s own parameters end, so two of them chain', () => {
    const first = unnestColumns('h', { id: 'uuid' }, [{ id: 'x' }], { from: 3 });
    const second = unnestColumns('l', { hold_id: 'uuid', qty: 'int' }, [{ hold_id: 'x', qty: 1 }], {
      from: first.next,
    });
    expect(first.sql).toBe('unnest($3::uuid[]) AS h(id)');
    expect(second.sql).toBe('unnest($4::uuid[], $5::int[]) AS l(hold_id, qty)');
  });

  it('adds WITH ORDINALITY and its column when asked', () => {
    expect(unnestColumns('d', { sku: 'text' }, rows, { ordinality: 'ord' }).sql).toBe(
      'unnest($1::text[]) WITH ORDINALITY AS d(sku, ord)',
    );
  });

  it('sends null for null, and empty arrays for no rows', () => {
    expect(unnestColumns('t', { reason: 'text' }, [{ reason: null }, { reason: 'x' }]).params).toEqual([[null, 'x']]);
    expect(unnestColumns('t', { sku: 'text' }, []).params).toEqual([[]]);
  });

  it('types each row against its columns', () => {
    // @ts-expect-error qty is an int column
    unnestColumns('t', { qty: 'int' }, [{ qty: 'two' }]);
    // @ts-expect-error every column is named in every row
    unnestColumns('t', { sku: 'text', qty: 'int' }, [{ sku: 'A' }]);
    // Rows may carry more than the columns.
    expect(unnestColumns('t', { sku: 'text' }, rows).params).toEqual([['A', 'B']]);
  });

  it('takes only plain identifiers, so nothing but column names reaches the SQL', () => {
    expect(() => unnestColumns('t; DROP TABLE x', { sku: 'text' }, [])).toThrow(/not a plain SQL identifier/);
    expect(() => unnestColumns('t', { 'sku) --': 'text' }, [])).toThrow(/not a plain SQL identifier/);
    expect(() => unnestColumns('t', {}, [])).toThrow(/no columns/);
  });
});
