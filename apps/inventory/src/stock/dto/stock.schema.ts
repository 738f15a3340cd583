import { NULLABLE_STRING, NUMBER, objectSchema, STRING } from '@omni/platform';
import type { MovementView } from '../ledger';
import type { LevelView } from './stock.dto';

export const LEVEL_VIEW_SCHEMA = objectSchema<LevelView>({
  sku: STRING,
  locationId: STRING,
  onHand: NUMBER,
  reserved: NUMBER,
  safetyStock: NUMBER,
  damaged: NUMBER,
  sellable: NUMBER,
  asOf: STRING,
});

export const MOVEMENT_VIEW_SCHEMA = objectSchema<MovementView>({
  id: STRING,
  sku: STRING,
  locationId: STRING,
  type: STRING,
  quantity: NUMBER,
  onHandDelta: NUMBER,
  damagedDelta: NUMBER,
  reason: NULLABLE_STRING,
  reference: NULLABLE_STRING,
  principal: NULLABLE_STRING,
  occurredAt: STRING,
});

/** POST /v1/stock/movements as fast-json-stringify writes it. */
export const RECORDED_MOVEMENT_SCHEMA = objectSchema<{ movement: MovementView; level: LevelView }>({
  movement: MOVEMENT_VIEW_SCHEMA,
  level: LEVEL_VIEW_SCHEMA,
});
