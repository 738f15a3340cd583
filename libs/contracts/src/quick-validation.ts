import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** True when the object, read as an instance of the class, passes; false when it fails or the answer is not sure. */
type Check = (object: Record<string, unknown>) => boolean;
type ValueCheck = (object: Record<string, unknown>, value: unknown) => boolean;

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- metadata storages key classes by Function
type Class = Function;

const SUPPORTED = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
]);

// class-transformer's TransformationType.PLAIN_TO_CLASS
const PLAIN_TO_CLASS = 0;

const CONVERTING_TYPES = new Set<Class>([
  String,
  Number,
  Boolean,
  BigInt,
  Symbol,
  Date,
  Map,
  Set,
  Array,
  Object,
  Buffer,
]);

export interface QuickValidationOptions {
  /**
   * class-validator's `whitelist` with `forbidNonWhitelisted`, the HTTP pipe's options: a property
   * without rules (at any depth it validates) fails. Without it, as events are read, such a property is kept.
   */
  forbidUnknownProperties?: boolean;
}

// Compiled checks per mode: [tolerating unknown properties, forbidding them].
const checks = [new Map<Class, Check | null>(), new Map<Class, Check | null>()];

/**
 * Whether class-validator is sure to accept `plain` (JSON data) as `target`, the way validateEventData
 * checks it (class-transformer's plainToInstance, then validateSync with forbidUnknownValues and no
 * whitelist) or, with forbidUnknownProperties, the way the HTTP pipe checks a request (whitelist and
 * forbidNonWhitelisted), answered without building instances or error trees: the same rules run over
 * the same metadata, compiled once per class, so a valid event or request costs a few µs instead of tens.
 *
 * It only ever answers "surely valid" or "ask class-validator": anything it does not model exactly
 * (class-transformer @Transform/@Expose/@Exclude, discriminators, asynchronous rules, classes with
 * field initialisers or without rules) answers false, and the caller runs class-validator, which also
 * words the errors.
 */
export function surelyValid(target: Class, plain: unknown, options: QuickValidationOptions = {}): boolean {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return false;
  const check = checkOf(target, options.forbidUnknownProperties === true);
  return check !== null && check(plain as Record<string, unknown>);
}

/** Whether surelyValid models every rule of the class (and of the classes it nests); when not, it always defers to class-validator. */
export function supportsQuickValidation(target: Class, seen = new Set<Class>()): boolean {
  if (seen.has(target)) return true;
  seen.add(target);
  if (checkOf(target, false) === null) return false;
  const nested = getMetadataStorage()
    .getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined)
    .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION)
    .map((m) =>
      typeOf(defaultMetadataStorage.findTypeMetadata(target, m.propertyName)?.typeFunction ?? (() => undefined)),
    );
  return nested.every((type) => type !== undefined && supportsQuickValidation(type, seen));
}

function checkOf(target: Class, strict: boolean): Check | null {
  const compiled = checks[strict ? 1 : 0];
  if (!compiled.has(target)) {
    compiled.set(target, null); // until compiled: a class that nests itself is looked up again at run time
    try {
      compiled.set(target, compile(target, strict));
    } catch {
      // e.g. a constructor that needs arguments: class-validator answers for this class.
    }
  }
  return compiled.get(target) ?? null;
}

function compile(target: Class, strict: boolean): Check | null {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(
    target,
    undefined as unknown as string,
    false,
    false,
    undefined,
  );
  if (!metadatas.length) return null;
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metadatas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  if (reshapedByClassTransformer(target, byProperty.keys())) return null;
  const properties: Array<{
    name: string;
    conditions: ValueCheck[];
    rules: ValueCheck[];
    nested: ((value: unknown) => boolean) | null;
  }> = [];
  for (const [name, list] of byProperty) {
    if (list.some((m) => !SUPPORTED.has(m.type) && m.type !== ValidationTypes.WHITELIST)) return null;
    const rules = list
      .filter((m) => m.type === ValidationTypes.IS_DEFINED || m.type === ValidationTypes.CUSTOM_VALIDATION)
      .map((m) => ruleOf(target, m));
    if (rules.includes(null)) return null;
    const type = defaultMetadataStorage.findTypeMetadata(target, name);
    const typeClass = type ? typeOf(type.typeFunction) : undefined;
    if (type && !typeClass) return null;
    // @Type(() => Number) and the like convert values before validation; a class only turns objects into instances.
    if (type && (type.options?.discriminator || CONVERTING_TYPES.has(typeClass as Class))) return null;
    let nested: ((value: unknown) => boolean) | null = null;
    if (list.some((m) => m.type === ValidationTypes.NESTED_VALIDATION)) {
      if (!typeClass) return null;
      nested = nestedCheck(typeClass, strict);
    }
    const conditions = list
      .filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION)
      .map((m) => m.constraints[0] as ValueCheck);
    properties.push({ name, conditions, rules: rules as ValueCheck[], nested });
  }
  // class-validator's whitelist looks at the instance's keys, which plainToInstance copies from the JSON.
  const known = new Set(byProperty.keys());
  return (object) => {
    if (strict) for (const key of Object.keys(object)) if (!known.has(key)) return false;
    for (const p of properties) {
      const value = object[p.name];
      if (!p.conditions.every((condition) => condition(object, value))) continue;
      for (const rule of p.rules) if (!rule(object, value)) return false;
      if (p.nested && value !== undefined && !p.nested(value)) return false;
    }
    return true;
  };
}

/** class-transformer options that make the instance differ from the JSON it came from, for the validated properties. */
function reshapedByClassTransformer(target: Class, properties: Iterable<string>): boolean {
  const storage = defaultMetadataStorage as unknown as {
    getExposedMetadatas(t: Class): unknown[];
    getExcludedMetadatas(t: Class): unknown[];
    findTransformMetadatas(t: Class, property: string, type: number): unknown[];
  };
  if (storage.getExposedMetadatas(target).length || storage.getExcludedMetadatas(target).length) return true;
  for (const property of properties)
    if (storage.findTransformMetadatas(target, property, PLAIN_TO_CLASS).length) return true;
  // A field initialiser would be in the instance where the JSON has nothing.
  return Object.keys(new (target as new () => object)()).length > 0;
}

/** One registered constraint (IsString, Min, IsIn, ValidateBy...), run as ValidationExecutor.customValidations runs it. */
function ruleOf(target: Class, m: ValidationMetadata): ValueCheck | null {
  const constraints = getMetadataStorage().getTargetValidatorConstraints(m.constraintCls);
  if (!constraints.length || constraints.some((c) => c.async)) return null;
  // `instance` is a getter that asks the container each time: once is enough.
  const validators = constraints.map((c) => c.instance);
  // One arguments object per rule, refilled per call: validation is synchronous and validators keep nothing.
  const args: ValidationArguments = {
    targetName: target.name,
    property: m.propertyName,
    object: {},
    value: undefined,
    constraints: m.constraints,
  };
  const valid = (v: unknown): boolean => {
    for (const validator of validators) {
      const result: unknown = validator.validate(v, args);
      if (!result || isPromise(result)) return false;
    }
    return true;
  };
  return (object, value) => {
    args.object = object;
    args.value = value;
    return m.each && Array.isArray(value) ? value.every(valid) : valid(value);
  };
}

/** ValidationExecutor.nestedValidations: arrays element by element (nested arrays too), objects as instances of the @Type class. */
function nestedCheck(type: Class, strict: boolean): (value: unknown) => boolean {
  const check = (value: unknown): boolean => {
    if (value === undefined) return true;
    if (Array.isArray(value)) return value.every(check);
    if (typeof value !== 'object' || value === null) return false;
    const nested = checkOf(type, strict);
    return nested !== null && nested(value as Record<string, unknown>);
  };
  return check;
}

/** The class a @Type names; undefined for one that depends on the object being transformed. */
function typeOf(typeFunction: (options?: never) => unknown): Class | undefined {
  try {
    const type = typeFunction();
    return typeof type === 'function' ? type : undefined;
  } catch {
    return undefined;
  }
}

const isPromise = (value: unknown): boolean => typeof (value as { then?: unknown } | null)?.then === 'function';
