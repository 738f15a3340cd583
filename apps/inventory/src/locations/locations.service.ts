import { Injectable } from '@nestjs/common';
import { LocationChanged, LocationSnapshot, PROBLEMS } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { ProblemException, queryRows, TransactionHost } from '@omni/platform';
import { toLocationView, type ListLocationsQuery, type LocationView, type PutLocationDto } from './dto/location.dto';
import { LocationDirectory } from './location-directory';
import { Location } from './location.entity';

@Injectable()
export class LocationsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly directory: LocationDirectory,
  ) {}

  /** Creates or replaces a location; `created` tells the controller which status to answer. */
  put(id: string, dto: PutLocationDto): Promise<{ location: LocationView; created: boolean }> {
    return this.tx.run(async (m) => {
      const [row]: Array<{ created: boolean }> = await queryRows(
        m,
        `INSERT INTO locations (id, type, name, address, lat, lng, timezone, capabilities, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, address = EXCLUDED.address,
           lat = EXCLUDED.lat, lng = EXCLUDED.lng, timezone = EXCLUDED.timezone, capabilities = EXCLUDED.capabilities,
           active = EXCLUDED.active, updated_at = clock_timestamp()
         RETURNING (xmax = 0) AS created`,
        [id, dto.type, dto.name, dto.address, dto.lat, dto.lng, dto.timezone, dto.capabilities, dto.active],
      );
      const location = toLocationView(await m.getRepository(Location).findOneByOrFail({ id }));
      this.events.publish(LocationChanged, id, location);
      this.events.publish(LocationSnapshot, id, location);
      this.tx.afterCommit(() => this.directory.apply(location));
      return { location, created: row.created };
    });
  }

  async list(query: ListLocationsQuery): Promise<LocationView[]> {
    const all = await this.tx.manager
      .getRepository(Location)
      .find({ where: query.type ? { type: query.type } : {}, order: { id: 'ASC' } });
    return all.filter((l) => !query.capability || l.capabilities.includes(query.capability)).map(toLocationView);
  }

  async get(id: string): Promise<LocationView> {
    const location = await this.tx.manager.getRepository(Location).findOneBy({ id });
    if (!location) throw new ProblemException(PROBLEMS.notFound, `location "${id}" does not exist`);
    return toLocationView(location);
  }
}
