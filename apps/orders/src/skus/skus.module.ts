import { Module } from '@nestjs/common';
import { SkusService } from './skus.service';

@Module({ providers: [SkusService], exports: [SkusService] })
export class SkusModule {}
