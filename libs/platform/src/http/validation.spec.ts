import type { ValidationError } from '@nestjs/common';
import { toFieldErrors } from './validation';

describe('toFieldErrors', () => {
  it('lists every failed constraint under its dotted path', () => {
    const errors: ValidationError[] = [
      { property: 'locationId', constraints: { isString: 'locationId must be a string' }, children: [] },
      {
        property: 'lines',
        children: [
          {
            property: '0',
            children: [
              {
                property: 'qty',
                constraints: { min: 'qty must not be less than 1', isInt: 'qty must be an integer number' },
              },
            ],
          },
        ],
      },
    ];
    expect(toFieldErrors(errors)).toEqual([
      { field: 'locationId', message: 'locationId must be a string' },
      { field: 'lines.0.qty', message: 'qty must not be less than 1' },
      { field: 'lines.0.qty', message: 'qty must be an integer number' },
    ]);
  });
});
