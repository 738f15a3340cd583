import { Module } from '@nestjs/common';
import { HoldsHandlers } from './holds.handlers';
import { HoldsService } from './holds.service';

@Module({ controllers: [HoldsHandlers], providers: [HoldsService], exports: [HoldsService] })
export class HoldsModule {}
