import type { ValueTransformer } from 'typeorm';

/** bigint columns hold minor units; pg returns them as strings, the domain wants numbers (safe below 2^53). */
export const minorUnits: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
