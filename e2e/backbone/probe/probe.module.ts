// A minimal service used only by the messaging tests: a state change that emits an event, and a
// handler for that event whose behaviour the test steers through the event's data.
import { Body, Controller, HttpCode, Injectable, Module, Post, type DynamicModule } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { foundationModules, type ServiceDefinition } from '@omni/bootstrap';
import { defineEvent, type EventEnvelope } from '@omni/contracts';
import { EventHandlers, EventPublisher } from '@omni/messaging';
import { Public, TransactionHost, type AppConfig } from '@omni/platform';
import { IsString } from 'class-validator';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProbeRecordedV1 {
  @IsString() name: string;
}
export const ProbeRecorded = defineEvent('inventory', 'inventory.probe-recorded', 1, ProbeRecordedV1);

class ProbeDto {
  @IsString() name: string;
}

@Injectable()
class ProbeService {
  constructor(private readonly tx: TransactionHost, private readonly events: EventPublisher) {}

  record(name: string) {
    return this.tx.run(async (m) => {
      await m.query(`INSERT INTO probes (name) VALUES ($1)`, [name]);
      return this.events.publish(ProbeRecorded, name, { name });
    });
  }

  async seen(name: string): Promise<void> {
    if (name.startsWith('poison')) throw new Error(`cannot digest ${name}`);
    await this.tx.manager.query(
      `INSERT INTO probes_seen (name, times) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET times = probes_seen.times + 1`,
      [name],
    );
  }
}

@Controller('v1/probes')
class ProbeController {
  constructor(private readonly probes: ProbeService) {}

  @Public()
  @Post()
  @HttpCode(201)
  record(@Body() body: ProbeDto) {
    return this.probes.record(body.name);
  }
}

@EventHandlers()
class ProbeHandlers {
  constructor(private readonly probes: ProbeService) {}

  @EventPattern(ProbeRecorded.type)
  onProbeRecorded(@Payload() event: EventEnvelope<ProbeRecordedV1>) {
    return this.probes.seen(event.data.name);
  }
}

class ProbeSchema1733000000000 implements MigrationInterface {
  name = 'ProbeSchema1733000000000';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE probes (name text PRIMARY KEY)`);
    await q.query(`CREATE TABLE probes_seen (name text PRIMARY KEY, times int NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE probes_seen; DROP TABLE probes`);
  }
}

@Module({})
class ProbeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProbeModule,
      imports: [
        ...foundationModules(config, 'inventory', { entities: [], migrations: [ProbeSchema1733000000000] }),
      ],
      controllers: [ProbeController, ProbeHandlers],
      providers: [ProbeService],
    };
  }
}

export const probeService: ServiceDefinition = { service: 'inventory', title: 'probe', defaultPort: 0, module: ProbeModule.forRoot };
