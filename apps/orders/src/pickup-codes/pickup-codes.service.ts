import { Injectable } from '@nestjs/common';
import type { EventEnvelope, ReadyForPickupV1 } from '@omni/contracts';
import { TransactionHost } from '@omni/platform';

/** The customer's pickup codes, as fulfilment announces them, shown over HTTP to the order's own channel only. */
@Injectable()
export class PickupCodes {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Keeps the announced code of an order this service took (another deployment's orders share the log, and their
   * codes are none of ours); a reissue, announced again, replaces it, and an older announcement never does.
   */
  async announced(event: EventEnvelope<ReadyForPickupV1>): Promise<void> {
    const { orderId, fulfilmentOrderId, locationId, expiresAt, pickupCode } = event.data;
    if (!pickupCode) return;
    await this.tx.manager.query(
      `INSERT INTO pickup_codes (fulfilment_order_id, order_id, location_id, code, expires_at, issued_at)
       SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM orders WHERE id = $2)
       ON CONFLICT (fulfilment_order_id) DO UPDATE
         SET code = excluded.code, location_id = excluded.location_id, expires_at = excluded.expires_at, issued_at = excluded.issued_at
         WHERE pickup_codes.issued_at <= excluded.issued_at`,
      [fulfilmentOrderId, orderId, locationId, pickupCode, expiresAt, event.occurredAt],
    );
  }
}
