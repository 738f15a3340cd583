import { Column, type ValueTransformer } from 'typeorm';

/**
 * Money is an integer of minor units (cents for EUR) in a `bigint` column. pg answers bigints as
 * strings; the domain takes numbers, exact below 2^53, far above any amount a DTO admits.
 */
export const minorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** A money column of minor units, `name` in the table: every service's amounts are stored and read the same way. */
export const MinorUnitsColumn = (name: string, options: { nullable?: boolean } = {}): PropertyDecorator =>
  Column('bigint', { name, nullable: options.nullable ?? false, transformer: minorUnits });
