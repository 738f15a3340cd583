import { Matches, type ValidationOptions } from 'class-validator';

/**
 * The one shape of an id the API takes (locations, orders, order lines, customers, holds, staff):
 * 1 to 128 of letters, digits, `.`, `_`, `:` and `-`, starting with a letter or digit. Nothing a
 * URL, a header, a log line or HTML would read specially, so an id is safe wherever it travels.
 * A SKU has the same alphabet and at most 64 characters (what the stock tables and events index).
 * Everything that checks an id or a SKU (DTOs, path parameters, cursors, the correlation header,
 * the fuzz suites) uses these, never a copy.
 */
export const ID_MAX_LENGTH = 128;
export const SKU_MAX_LENGTH = 64;

const ALPHABET = 'letters, digits, dots, dashes, colons or underscores, starting with a letter or digit';
const upTo = (max: number): RegExp => new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${max - 1}}$`);

/** `^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$` */
export const ID_PATTERN = upTo(ID_MAX_LENGTH);
export const ID_MESSAGE = `must be 1-${ID_MAX_LENGTH} ${ALPHABET}`;

/** `^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$`: also every non-empty prefix of a SKU. */
export const SKU_PATTERN = upTo(SKU_MAX_LENGTH);
export const SKU_MESSAGE = `must be 1-${SKU_MAX_LENGTH} ${ALPHABET}`;

/** Ids a service issues itself and keeps in `uuid` columns (holds, tasks, returns): anything else is a 400, never a query. */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

// `each` keeps class-validator's per-element message; the property name leads it, as class-validator's own do.
const matching = (pattern: RegExp, what: string, options?: ValidationOptions): PropertyDecorator =>
  Matches(pattern, { message: ({ property }) => `${property} ${options?.each ? 'each ' : ''}${what}`, ...options });

export const IsResourceId = (options?: ValidationOptions): PropertyDecorator =>
  matching(ID_PATTERN, ID_MESSAGE, options);
export const IsSku = (options?: ValidationOptions): PropertyDecorator => matching(SKU_PATTERN, SKU_MESSAGE, options);
export const IsUuidId = (options?: ValidationOptions): PropertyDecorator =>
  matching(UUID_PATTERN, 'must be a UUID', options);
