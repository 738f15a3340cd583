import { IsInt, IsString, validateSync } from 'class-validator';
import { memoiseValidationMetadata } from './validation-metadata-memo';

describe('memoiseValidationMetadata', () => {
  beforeAll(() => memoiseValidationMetadata());

  it('keeps validating with a class’s own and inherited rules', () => {
    class Base {
      @IsString() name!: unknown;
    }
    class Child extends Base {
      @IsInt() qty!: unknown;
    }
    const bad = Object.assign(new Child(), { name: 1, qty: 'x' });
    expect(validateSync(bad).map((e) => e.property).sort()).toEqual(['name', 'qty']);
    // The same answer from the memo.
    expect(validateSync(bad).map((e) => e.property).sort()).toEqual(['name', 'qty']);
    expect(validateSync(Object.assign(new Child(), { name: 'a', qty: 1 }))).toEqual([]);
  });

  it('sees a rule registered after the class was first validated', () => {
    class Late {
      @IsString() name!: unknown;
    }
    expect(validateSync(Object.assign(new Late(), { name: 'a', qty: 'x' }))).toEqual([]);
    IsInt()(Late.prototype, 'qty');
    expect(validateSync(Object.assign(new Late(), { name: 'a', qty: 'x' })).map((e) => e.property)).toEqual(['qty']);
  });

  it('is installed once however often it is called', () => {
    memoiseValidationMetadata();
    class Once {
      @IsInt() qty!: unknown;
    }
    expect(validateSync(Object.assign(new Once(), { qty: 'x' }))).toHaveLength(1);
  });
});
