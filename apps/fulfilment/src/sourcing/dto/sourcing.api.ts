import { DELIVERY_TYPES, LOCATION_TYPES, SOURCING_TRIGGERS } from '@omni/contracts';
import { api } from '@omni/platform';
import type { Destination } from '../geo.rules';
import type {
  Alternative,
  Assignment,
  CandidateScore,
  GroupDecision,
  ScoreParts,
  SourcingPlan,
  SourcingPolicy,
  Unplaced,
} from '../sourcing.model';
import type { SourcingHistoryView } from './sourcing.dto';

const ASSIGNMENT = api.component(
  'Assignment',
  api.objectOf<Assignment>({
    orderLineId: api.string(),
    sku: api.string(),
    qty: api.integer({ minimum: 1 }),
    locationId: api.string(),
    deliveryType: api.oneOfValues(DELIVERY_TYPES),
  }),
);

const UNPLACED = api.component(
  'Unplaced',
  api.objectOf<Unplaced>({
    orderLineId: api.string(),
    reason: api.string(),
    alternatives: api.optional(
      api.arrayOf(
        api.objectOf<Alternative>({
          locationId: api.string(),
          name: api.string(),
          distanceKm: api.optional(api.number()),
        }),
      ),
    ),
  }),
);

const DESTINATION = {
  oneOf: [
    api.objectOf<Extract<Destination, { known: true }>>({
      known: api.boolean({ const: true }),
      lat: api.number(),
      lng: api.number(),
      basis: api.string(),
    }),
    api.objectOf<Extract<Destination, { known: false }>>({ known: api.boolean({ const: false }), basis: api.string() }),
  ],
};

const CANDIDATE = api.objectOf<CandidateScore>({
  locationId: api.string(),
  name: api.string(),
  type: api.oneOfValues(LOCATION_TYPES),
  eligible: api.boolean(),
  score: api.nullable(api.number()),
  distanceKm: api.nullable(api.number()),
  parts: api.nullable(
    api.objectOf<ScoreParts>({
      distance: api.nullable(api.number()),
      stock: api.number(),
      capacity: api.number(),
      hold: api.number(),
    }),
  ),
  servableLineIds: api.arrayOf(api.string()),
  reasons: api.arrayOf(api.string()),
});

const GROUP_DECISION = api.component(
  'GroupDecision',
  api.objectOf<GroupDecision>({
    key: api.string(),
    deliveryType: api.oneOfValues(DELIVERY_TYPES),
    lineIds: api.arrayOf(api.string()),
    destination: DESTINATION,
    candidates: api.arrayOf(CANDIDATE),
    chosen: api.arrayOf(api.string()),
    notes: api.arrayOf(api.string()),
  }),
);

export const DRY_RUN_PLAN = api.component(
  'SourcingPlan',
  api.objectOf<SourcingPlan & { policy: SourcingPolicy }>({
    strategy: api.string(),
    assignments: api.arrayOf(ASSIGNMENT),
    unfulfillable: api.arrayOf(UNPLACED),
    groups: api.arrayOf(GROUP_DECISION),
    policy: api.objectOf<SourcingPolicy>({
      maxSplits: api.integer(),
      sameDayRadiusKm: api.number(),
      sameDayCutoff: api.string(),
      alternativesRadiusKm: api.number(),
    }),
  }),
);

type HistoryLine = SourcingHistoryView['lines'][number];
type HistoryDecision = SourcingHistoryView['decisions'][number];

export const SOURCING_HISTORY = api.component(
  'SourcingHistory',
  api.objectOf<SourcingHistoryView>({
    orderId: api.string(),
    lines: api.arrayOf(
      api.objectOf<HistoryLine>({
        orderLineId: api.string(),
        sku: api.string(),
        qty: api.integer({ minimum: 1 }),
        deliveryType: api.oneOfValues(DELIVERY_TYPES),
        status: api.string(),
        locationId: api.nullable(api.string()),
        fulfilmentOrderId: api.nullable(api.string()),
        attempts: api.integer({ minimum: 0 }),
        excludedLocationIds: api.arrayOf(api.string()),
        reason: api.nullable(api.string()),
      }),
    ),
    decisions: api.arrayOf(
      api.objectOf<HistoryDecision>({
        id: api.uuid(),
        trigger: api.oneOfValues(SOURCING_TRIGGERS),
        strategy: api.string(),
        requestId: api.nullable(api.string()),
        decidedAt: api.dateTime(),
        assignments: api.arrayOf(ASSIGNMENT),
        unfulfillable: api.arrayOf(UNPLACED),
        groups: api.arrayOf(GROUP_DECISION),
      }),
    ),
  }),
);
