import { arrayOf, NUMBER, objectSchema, STRING } from '@omni/platform';
import type { BatchAvailability } from '../availability.service';
import type { LocationFigure, SkuAvailability } from './availability.dto';

type BatchItem = BatchAvailability['items'][number];

/** GET /v1/availability/:sku as fast-json-stringify writes it. */
export const SKU_AVAILABILITY_SCHEMA = objectSchema<SkuAvailability>({
  sku: STRING,
  channel: STRING,
  available: NUMBER,
  asOf: STRING,
  locations: arrayOf(
    objectSchema<LocationFigure>({ locationId: STRING, type: STRING, available: NUMBER, asOf: STRING }),
  ),
});

/** POST /v1/availability/query as fast-json-stringify writes it. */
export const BATCH_AVAILABILITY_SCHEMA = objectSchema<BatchAvailability>({
  channel: STRING,
  asOf: STRING,
  items: arrayOf(objectSchema<BatchItem>({ sku: STRING, available: NUMBER, asOf: STRING })),
});
