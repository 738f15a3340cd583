import { Module } from '@nestjs/common';
import { LiveFeedModule } from '../live/live-feed.module';
import { AvailabilityReadModel } from './availability-read-model';

/** The replica's in-memory availability figures: read by AvailabilityService, fed by LevelStore and the live feed. */
@Module({ imports: [LiveFeedModule], providers: [AvailabilityReadModel], exports: [AvailabilityReadModel] })
export class AvailabilityReadModelModule {}
