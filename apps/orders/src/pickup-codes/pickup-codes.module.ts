import { Module } from '@nestjs/common';
import { PickupCodes } from './pickup-codes.service';

@Module({ providers: [PickupCodes], exports: [PickupCodes] })
export class PickupCodesModule {}
