import { Matches, type ValidationOptions } from 'class-validator';

/**
 * The one shape of an id the API takes (locations, orders, order lines, customers, holds, staff):
 * 1 to 128 of letters, digits, `.`, `_`, `:` and `-`, starting with a letter or digit. Nothing a
 * URL, a header, a log line or HTML would read specially, so an id is safe wherever it travels.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const ID_MESSAGE = 'must be 1-128 letters, digits, dots, dashes, colons or underscores, starting with a letter or digit';

/** A SKU: the id alphabet, at most 64 characters (what the stock tables and events index). */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const SKU_MESSAGE = 'must be 1-64 letters, digits, dots, dashes, colons or underscores, starting with a letter or digit';

/** Ids a service issues itself and keeps in `uuid` columns (holds, tasks, returns): anything else is a 400, never a query. */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

// `each` keeps class-validator's per-element message; the property name leads it, as class-validator's own do.
const matching = (pattern: RegExp, what: string, options?: ValidationOptions): PropertyDecorator =>
  Matches(pattern, { message: ({ property }) => `${property} ${options?.each ? 'each ' : ''}${what}`, ...options });

export const IsResourceId = (options?: ValidationOptions): PropertyDecorator => matching(ID_PATTERN, ID_MESSAGE, options);
export const IsSku = (options?: ValidationOptions): PropertyDecorator => matching(SKU_PATTERN, SKU_MESSAGE, options);
export const IsUuidId = (options?: ValidationOptions): PropertyDecorator => matching(UUID_PATTERN, 'must be a UUID', options);
