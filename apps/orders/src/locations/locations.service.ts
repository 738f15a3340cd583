import { HttpStatus, Injectable } from '@nestjs/common';
import type { LocationChangedV1 } from '@omni/contracts';
import { ProblemException, TransactionHost, type FieldError } from '@omni/platform';
import { In } from 'typeorm';
import { KnownLocation } from './known-location.entity';
import { isNewer, pickupRefusal, pickupRefusalDetail } from './locations.rules';

export interface PickupRequest {
  /** Where the location was asked for, e.g. `lines.2.delivery.locationId`. */
  field: string;
  locationId: string;
}

@Injectable()
export class LocationsService {
  constructor(private readonly tx: TransactionHost) {}

  changed(data: LocationChangedV1): Promise<void> {
    return this.tx.run(async (m) => {
      const updatedAt = new Date(data.updatedAt);
      const known = await m.findOne(KnownLocation, { where: { id: data.id }, lock: { mode: 'pessimistic_write' } });
      if (!isNewer(updatedAt, known?.updatedAt)) return;
      const { id, type, name, capabilities, active } = data;
      await m.upsert(KnownLocation, { id, type, name, capabilities, active, updatedAt }, ['id']);
    });
  }

  /** Throws one 422 naming every pickup that cannot be served at its location. */
  async assertPickupsPossible(requests: readonly PickupRequest[]): Promise<void> {
    if (!requests.length) return;
    const ids = [...new Set(requests.map((r) => r.locationId))];
    const known = await this.tx.manager.find(KnownLocation, { where: { id: In(ids) } });
    const byId = new Map(known.map((l) => [l.id, l]));
    const errors: FieldError[] = requests.flatMap(({ field, locationId }) => {
      const refusal = pickupRefusal(byId.get(locationId));
      return refusal ? [{ field, message: pickupRefusalDetail(refusal, locationId) }] : [];
    });
    if (errors.length) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Pickup not possible', errors.map((e) => e.message).join('; '), {
        type: 'urn:omni:problem:pickup-not-possible',
        errors,
      });
    }
  }
}
