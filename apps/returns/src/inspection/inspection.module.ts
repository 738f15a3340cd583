import { Module } from '@nestjs/common';
import { RefundsModule } from '../refunds/refunds.module';
import { ReturnsFeatureModule } from '../returns/returns.module';
import { InspectionController } from './inspection.controller';
import { InspectionService } from './inspection.service';

@Module({
  imports: [ReturnsFeatureModule, RefundsModule],
  controllers: [InspectionController],
  providers: [InspectionService],
})
export class InspectionModule {}
