import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Lookup = (target: object, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => ValidationMetadata[];
type Storage = { getTargetValidationMetadatas: Lookup; [MEMOISED]?: true } & Record<string, unknown>;

const MEMOISED = Symbol('omni.validationMetadataMemo');
// What registers rules: any of them clears the memo, so a class loaded late is still seen whole.
const REGISTERS = ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const;

/**
 * class-validator looks a class's rules up on every validate() (for every nested object too), and
 * each lookup scans every registered class for the class's parents: with a few hundred DTO and event
 * classes that scan was a visible share of each request. The rules only change while classes load,
 * so lookups are memoised per class and options, and forgotten whenever a rule is registered.
 */
export function memoiseValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as Storage;
  if (storage[MEMOISED]) return;
  storage[MEMOISED] = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  let memo = new Map<unknown, Map<string, ValidationMetadata[]>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (groups?.length) return lookup(target, schema, always, strictGroups, groups);
    const options = `${schema}|${always}|${strictGroups}`;
    let byOptions = memo.get(target);
    if (!byOptions) memo.set(target, (byOptions = new Map()));
    let rules = byOptions.get(options);
    if (!rules) byOptions.set(options, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
  for (const name of REGISTERS) {
    const register = (storage[name] as (...args: unknown[]) => unknown).bind(storage);
    storage[name] = (...args: unknown[]) => {
      memo = new Map();
      return register(...args);
    };
  }
}
