import { arrayOf, NULLABLE_STRING, NUMBER, objectSchema, STRING } from '@omni/platform';
import type { HoldLineView, HoldView } from './hold.dto';

/** HoldView as fast-json-stringify writes it (POST /v1/holds answers it on the hot path). */
export const HOLD_VIEW_SCHEMA = objectSchema<HoldView>({
  id: STRING,
  channel: STRING,
  status: STRING,
  expiresAt: STRING,
  createdAt: STRING,
  lines: arrayOf(
    objectSchema<HoldLineView>({
      lineNo: NUMBER,
      sku: STRING,
      locationId: NULLABLE_STRING,
      requested: NUMBER,
      held: NUMBER,
      shortfall: NUMBER,
    }),
  ),
});
