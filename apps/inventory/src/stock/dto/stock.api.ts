import { api } from '@omni/platform';
import type { MovementView } from '../ledger';
import { MOVEMENT_TYPES, type SystemMovementType } from '../stock.rules';
import type { LevelView } from './stock.dto';

const SYSTEM_MOVEMENT_TYPES = api.everyValue<SystemMovementType>()([
  'fulfilment',
  'return_damaged',
  'pick_short',
  'found_damaged',
]);

export const LEVEL_VIEW = api.component(
  'StockLevel',
  api.objectOf<LevelView>(
    {
      sku: api.string(),
      locationId: api.string(),
      onHand: api.integer(),
      reserved: api.integer({ description: 'Active holds plus allocations of open order lines.' }),
      safetyStock: api.integer(),
      damaged: api.integer(),
      sellable: api.integer({ description: 'onHand - reserved - safetyStock (never below 0).' }),
      asOf: api.dateTime(),
    },
    { description: 'One SKU at one location.' },
  ),
);

export const MOVEMENT_VIEW = api.component(
  'StockMovement',
  api.objectOf<MovementView>({
    id: api.string({ description: 'The ledger id (a bigint, as a string).' }),
    sku: api.string(),
    locationId: api.string(),
    type: api.oneOfValues([...MOVEMENT_TYPES, ...SYSTEM_MOVEMENT_TYPES]),
    quantity: api.integer(),
    onHandDelta: api.integer(),
    damagedDelta: api.integer(),
    reason: api.nullable(api.string()),
    reference: api.nullable(api.string()),
    principal: api.nullable(api.string()),
    occurredAt: api.dateTime(),
  }),
);

export const RECORDED_MOVEMENT = api.component(
  'RecordedMovement',
  api.objectOf<{ movement: MovementView; level: LevelView }>({ movement: MOVEMENT_VIEW, level: LEVEL_VIEW }),
);

export const MOVEMENT_PAGE = api.component('StockMovementPage', api.pageOf(MOVEMENT_VIEW));
