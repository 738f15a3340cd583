import { Injectable } from '@nestjs/common';
import { PROBLEMS, type LocationChangedV1 } from '@omni/contracts';
import { ProblemException, TransactionHost, type FieldError } from '@omni/platform';
import { pickupRefusalDetail, type PickupRefusal } from './locations.rules';

export interface PickupRequest {
  /** Where the location was asked for, e.g. `lines.2.delivery.locationId`. */
  field: string;
  locationId: string;
}

export interface PickupCheck extends PickupRequest {
  refusal: PickupRefusal | undefined;
}

@Injectable()
export class LocationsService {
  constructor(private readonly tx: TransactionHost) {}

  /** Writes the locations' states (inventory's locations changelog), the newest by its timestamp; answers the ids written. */
  async applySnapshots(locations: readonly LocationChangedV1[]): Promise<string[]> {
    const written: string[] = [];
    for (const { id, type, name, capabilities, active, updatedAt } of locations) {
      const rows: unknown[] = await this.tx.manager.query(
        `INSERT INTO known_locations (id, type, name, capabilities, active, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, capabilities = EXCLUDED.capabilities,
           active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
         WHERE known_locations.updated_at < EXCLUDED.updated_at
         RETURNING id`,
        [id, type, name, capabilities, active, updatedAt],
      );
      if (rows.length) written.push(id);
    }
    return written;
  }

  /** One 422 naming every pickup that cannot be served at its location. */
  refusal(checks: readonly PickupCheck[]): ProblemException {
    const errors: FieldError[] = checks.flatMap(({ field, locationId, refusal }) =>
      refusal ? [{ field, message: pickupRefusalDetail(refusal, locationId) }] : [],
    );
    return new ProblemException(PROBLEMS.pickupNotPossible, errors.map((e) => e.message).join('; '), { errors });
  }
}
