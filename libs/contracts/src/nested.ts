import { Type } from 'class-transformer';
import { IsArray, IsObject, ValidateNested, type ValidationOptions } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-transformer's own type for a class reference
type ClassOf = () => Function;

const all =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };

/**
 * One nested object of class `type`. `@ValidateNested()` alone lets an array through (it validates the
 * elements, and `[]` has none), so this also refuses arrays, null and primitives. Required unless the
 * property is also `@IsOptional()` (or under a `@ValidateIf`).
 */
export function NestedObject(type: ClassOf, options?: ValidationOptions): PropertyDecorator {
  return all(IsObject(options), ValidateNested(options), Type(type));
}

/** An array of objects of class `type`: an element that is itself an array, null or a primitive is refused. */
export function NestedObjects(type: ClassOf, options?: ValidationOptions): PropertyDecorator {
  return all(
    IsArray(options),
    IsObject({ ...options, each: true }),
    ValidateNested({ ...options, each: true }),
    Type(type),
  );
}
