import { ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { hostileVariants } from '@omni/contracts';
import { Type } from 'class-transformer';
import * as classValidator from 'class-validator';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ProblemException } from './problem-details';
import { createValidationPipe, toFieldErrors, validationProblem } from './validation';

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

class Address {
  @IsString() @MaxLength(20) city: string;
  @IsOptional() @IsString() line2?: string;
}

class Line {
  @IsString() sku: string;
  @Type(() => Number) @IsInt() @Min(1) qty: number;
}

class Order {
  @IsIn(['web', 'pos']) channel: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => Line) lines: Line[];
  @IsObject() @ValidateNested() @Type(() => Address) address: Address;
  @IsOptional() @IsString({ each: true }) tags?: string[];
}

/** The same order without a converting @Type: every rule is one surelyValid models, so valid bodies skip class-validator. */
class PlainLine {
  @IsString() sku: string;
  @IsInt() @Min(1) qty: number;
}

class PlainOrder {
  @IsIn(['web', 'pos']) channel: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => PlainLine) lines: PlainLine[];
  @IsObject() @ValidateNested() @Type(() => Address) address: Address;
  @IsOptional() @IsString({ each: true }) tags?: string[];
}

/** Nest's own ValidationPipe with the options the services ran it with before: the reference. */
const reference = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => validationProblem(toFieldErrors(errors)),
});

async function verdict(pipe: PipeTransform, value: unknown, metadata: ArgumentMetadata) {
  try {
    const out: unknown = await pipe.transform(value, metadata);
    const instance = metadata.metatype !== undefined && out instanceof metadata.metatype;
    return { accepted: true, instance, value: JSON.parse(JSON.stringify(out ?? null)) };
  } catch (error) {
    if (error instanceof ProblemException) return { accepted: false, errors: error.problem.errors };
    throw error;
  }
}

describe('RequestValidationPipe', () => {
  const valid = {
    channel: 'web',
    lines: [{ sku: 'SKU-1', qty: 2 }],
    address: { city: 'Lyon' },
    tags: ['a'],
  };
  const variants = [
    { path: '(valid)', what: 'the valid body', body: valid },
    { path: '(body)', what: 'nothing', body: undefined },
    ...hostileVariants(valid),
  ];

  it.each(variants.map((v) => [`${v.path}: ${v.what}`, v.body]))(
    'answers %s exactly as Nest’s ValidationPipe does, for a DTO with and without a converting @Type',
    async (_name, body) => {
      const clone = () => (body === undefined ? undefined : JSON.parse(JSON.stringify(body)));
      for (const metatype of [Order, PlainOrder])
        for (const type of ['body', 'query'] as const) {
          const metadata: ArgumentMetadata = { type, metatype, data: undefined };
          expect(await verdict(createValidationPipe(), clone(), metadata)).toEqual(
            await verdict(reference, clone(), metadata),
          );
        }
    },
  );

  it('runs class-validator only for a body surelyValid cannot vouch for', async () => {
    const validateSync = jest.spyOn(classValidator, 'validateSync');
    try {
      const pipe = createValidationPipe();
      const plain: ArgumentMetadata = { type: 'body', metatype: PlainOrder, data: undefined };
      expect(pipe.transform(JSON.parse(JSON.stringify(valid)), plain)).toBeInstanceOf(PlainOrder);
      expect(validateSync).not.toHaveBeenCalled();
      expect(() => pipe.transform({ ...valid, extra: 1 }, plain)).toThrow(ProblemException);
      expect(validateSync).toHaveBeenCalledTimes(1);
      // A converting @Type is not modelled: class-validator judges even a valid body.
      pipe.transform(JSON.parse(JSON.stringify(valid)), { type: 'body', metatype: Order, data: undefined });
      expect(validateSync).toHaveBeenCalledTimes(2);
    } finally {
      validateSync.mockRestore();
    }
  });

  it('hands the handler an instance of the DTO, values transformed', async () => {
    const out = await createValidationPipe().transform(
      { ...valid, lines: [{ sku: 'SKU-1', qty: '3' }] },
      { type: 'body', metatype: Order, data: undefined },
    );
    expect(out).toBeInstanceOf(Order);
    expect((out as Order).lines[0]).toBeInstanceOf(Line);
    expect((out as Order).lines[0].qty).toBe(3);
  });

  it('leaves what is not a DTO class to Nest’s pipe (custom parameters, interfaces)', async () => {
    const principal = { sub: 'p' };
    expect(await createValidationPipe().transform(principal, { type: 'custom', metatype: Order })).toBe(principal);
    expect(await createValidationPipe().transform('x', { type: 'body', metatype: Object })).toBe('x');
  });
});
