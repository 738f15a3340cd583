import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { Discrepancies } from './discrepancies';
import { Ledger } from './ledger';
import { LevelStore } from './level-store';
import { MovementCoalescer } from './movement-coalescer';
import { StockController } from './stock.controller';
import { StockHandlers } from './stock.handlers';
import { StockService } from './stock.service';

@Module({
  imports: [LocationsModule],
  controllers: [StockController, StockHandlers],
  providers: [StockService, Ledger, LevelStore, Discrepancies, MovementCoalescer],
  exports: [Ledger, LevelStore],
})
export class StockModule {}
