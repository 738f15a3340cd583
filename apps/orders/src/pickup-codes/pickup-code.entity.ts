import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The code of a fulfilment order's pickup, as fulfilment.ready-for-pickup last announced it (a reissue
 * announces a new one). Kept in clear because it is shown: to the order's own channel only (pickup-codes.rules.ts).
 */
@Entity({ name: 'pickup_codes' })
export class PickupCode {
  @PrimaryColumn('text', { name: 'fulfilment_order_id' }) fulfilmentOrderId: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('text', { name: 'location_id' }) locationId: string;
  @Column('text') code: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  /** The announcing event's time: an older announcement never replaces a newer one. */
  @Column('timestamptz', { name: 'issued_at' }) issuedAt: Date;
}
