export const IDEMPOTENT = 'omni:idempotent';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
