import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { hostileVariants } from './hostile-variants';
import type { EventDefinition } from './event-definition';
import { allEventDefinitions } from './event-definition';
import {
  CancelDecided,
  CancelRequested,
  LinesUnfulfillable,
  LocationChanged,
  OrderPlaced,
  ReadyForPickup,
  ReturnAuthorised,
  ShipmentDelivered,
  StockHeld,
  StockLevelChanged,
} from './events';
import { supportsQuickValidation, surelyValid } from './quick-validation';
import { InvalidEventError, validateEventData } from './validate-event';

const at = '2026-01-02T03:04:05.000Z';
const ADDRESS = {
  line1: '2 Low Rd',
  line2: 'Flat 1',
  city: 'York',
  region: 'N Yorks',
  postalCode: 'YO1 7HH',
  country: 'GB',
};
const samples: Array<[EventDefinition, unknown]> = [
  [
    OrderPlaced,
    {
      orderId: 'o-1',
      channel: 'web',
      customer: { id: 'c-1', email: 'c@example.com', phone: '+44' },
      lines: [
        {
          orderLineId: 'l-1',
          lineNo: 1,
          sku: 'S-1',
          qty: 1,
          unitPriceMinor: 100,
          currency: 'EUR',
          delivery: { type: 'ship', address: ADDRESS },
        },
        {
          orderLineId: 'l-2',
          lineNo: 2,
          sku: 'S-2',
          qty: 2,
          unitPriceMinor: 0,
          currency: 'EUR',
          delivery: { type: 'pickup', locationId: 's-1' },
        },
      ],
      holdId: 'h-1',
      assistedBy: { staffId: 'st-1', locationId: 's-1' },
      externalRef: 'MP-1',
      placedAt: at,
    },
  ],
  [
    StockHeld,
    {
      holdId: 'h-1',
      channel: 'app',
      principal: 'p',
      lines: [{ lineNo: 1, sku: 'S-1', locationId: 's-1', qty: 3 }],
      expiresAt: at,
    },
  ],
  [
    StockLevelChanged,
    { sku: 'S-1', locationId: 's-1', onHand: -2, reserved: 1, safetyStock: 0, damaged: 0, sellable: 0, asOf: at },
  ],
  [
    LocationChanged,
    {
      id: 's-1',
      type: 'store',
      name: 'Leeds',
      address: ADDRESS,
      lat: 53.8,
      lng: -1.55,
      timezone: 'Europe/London',
      capabilities: ['bopis'],
      active: true,
      updatedAt: at,
    },
  ],
  [
    ReturnAuthorised,
    {
      returnId: 'r-1',
      orderId: 'o-1',
      channel: 'pos',
      returnTo: { method: 'post', locationId: 'dc-1' },
      lines: [{ orderLineId: 'l-1', sku: 'S-1', qty: 1, reason: 'defective' }],
      authorisedAt: at,
    },
  ],
  [
    LinesUnfulfillable,
    {
      orderId: 'o-1',
      lines: [
        {
          orderLineId: 'l-1',
          reason: 'no-stock',
          alternatives: [{ locationId: 's-2', name: 'York', distanceKm: 12.5 }],
        },
      ],
    },
  ],
  [CancelRequested, { orderId: 'o-1', lineIds: ['l-1', 'l-2'], reason: 'changed my mind' }],
  [
    CancelDecided,
    {
      orderId: 'o-1',
      cancelled: ['l-1'],
      refused: [{ orderLineId: 'l-2', reason: 'goods left' }],
      reason: 'changed my mind',
    },
  ],
  [
    ReadyForPickup,
    {
      orderId: 'o-1',
      fulfilmentOrderId: 'fo-1',
      locationId: 's-1',
      lines: [{ orderLineId: 'l-1', sku: 'S-1', qty: 1 }],
      expiresAt: at,
      pickupCode: '123456',
    },
  ],
  [
    ShipmentDelivered,
    { orderId: 'o-1', fulfilmentOrderId: 'fo-1', lines: [{ orderLineId: 'l-1', sku: 'S-1', qty: 1 }], deliveredAt: at },
  ],
];

const classValidatorAccepts = (definition: EventDefinition, data: unknown): boolean => {
  try {
    validateEventData(definition, data);
    return true;
  } catch (error) {
    if (error instanceof InvalidEventError) return false;
    throw error;
  }
};

/** class-validator with the HTTP pipe's options: a property without rules, at any depth, is an error. */
const whitelistAccepts = (definition: EventDefinition, data: unknown): boolean =>
  typeof data === 'object' &&
  data !== null &&
  !Array.isArray(data) &&
  validateSync(plainToInstance(definition.data, data) as object, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
  }).length === 0;

describe("surelyValid: class-validator's verdict on event data, without its cost", () => {
  it('compiles every declared contract, so no event falls back to the slow path for want of support', () => {
    const unsupported = allEventDefinitions()
      .filter((d) => !supportsQuickValidation(d.data))
      .map((d) => `${d.type} v${d.version}`);
    expect(unsupported).toEqual([]);
  });

  describe.each(samples)('%o', (definition, sample) => {
    it('accepts the valid sample', () => {
      expect(classValidatorAccepts(definition, sample)).toBe(true);
      expect(surelyValid(definition.data, sample)).toBe(true);
    });

    it.each(hostileVariants(sample))('agrees with class-validator on $path as $what', ({ body }) => {
      expect(surelyValid(definition.data, body)).toBe(classValidatorAccepts(definition, body));
    });

    it.each([{ path: '(valid)', what: 'the sample', body: sample }, ...hostileVariants(sample)])(
      'with forbidUnknownProperties, agrees with the HTTP pipe’s whitelist on $path as $what',
      ({ body }) => {
        expect(surelyValid(definition.data, body, { forbidUnknownProperties: true })).toBe(
          whitelistAccepts(definition, body),
        );
      },
    );
  });
});
