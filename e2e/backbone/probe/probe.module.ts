// A minimal service used only by the messaging tests: a state change that emits an event, and a
// handler for that event whose behaviour the test steers through the event's data.
import { Body, Controller, HttpCode, Injectable, Module, Post, type DynamicModule } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { foundationModules, type ServiceDefinition } from '@omni/bootstrap';
import { defineEvent, type EventEnvelope } from '@omni/contracts';
import { EventHandlers, EventPublisher } from '@omni/messaging';
import { Public, TransactionHost, writeTogether, type AppConfig, type StatementPart } from '@omni/platform';
import { IsString } from 'class-validator';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProbeRecordedV1 {
  @IsString() name: string;
}
export const ProbeRecorded = defineEvent('inventory', 'inventory.probe-recorded', 1, ProbeRecordedV1);

class ProbeDto {
  @IsString() name: string;
}

/** A handler of a `slow…` probe waits until the test opens this gate: a partition that stops moving. */
export const slowGate = (() => {
  let open: () => void = () => undefined;
  const gate = { opened: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
  return gate;
})();

/** Data that breaks ProbeRecordedV1 for an `…unpublishable…` name: a producer bug the publisher must stop. */
const unpublishable = (name: string): ProbeRecordedV1 =>
  name.includes('unpublishable') ? ({ name: [name] } as unknown as ProbeRecordedV1) : { name };

/** How often an `outage…` probe's handler met the "database away" error. */
export const outageAttempts = new Map<string, number>();

@Injectable()
class ProbeService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
  ) {}

  record(name: string) {
    return this.tx.run(async (m) => {
      // An `alongside…` probe's event rides on its row's statement; the one published after it goes at commit.
      if (name.startsWith('alongside')) {
        const first = this.events.publish(ProbeRecorded, name, { name });
        const row: StatementPart = (from) => ({ sql: `INSERT INTO probes (name) VALUES ($${from})`, params: [name] });
        await writeTogether(m, [row, ...this.events.alongside()]);
        this.events.publish(ProbeRecorded, name, { name: `${name}-after` });
        return first;
      }
      await m.query(`INSERT INTO probes (name) VALUES ($1)`, [name]);
      return this.events.publish(ProbeRecorded, name, unpublishable(name));
    });
  }

  async seen(name: string): Promise<void> {
    if (name.startsWith('poison')) throw new Error(`cannot digest ${name}`);
    // A handler whose own event breaks its contract: the publisher refuses it, like any failure of the handler.
    if (name.startsWith('echo-unpublishable')) this.events.publish(ProbeRecorded, `${name}-echo`, unpublishable(name));
    if (name.startsWith('slow')) await slowGate.opened;
    // The database "away" for as long as the test keeps the fault: the error Postgres gives a terminated session.
    if (
      name.startsWith('outage') &&
      (await this.tx.manager.query(`SELECT 1 FROM probe_faults WHERE name = $1`, [name])).length
    ) {
      outageAttempts.set(name, (outageAttempts.get(name) ?? 0) + 1);
      throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    }
    // A fault a test can clear: the handler fails while its row exists (the dead-letter replay test).
    if (
      name.startsWith('flaky') &&
      (await this.tx.manager.query(`SELECT 1 FROM probe_faults WHERE name = $1`, [name])).length
    ) {
      throw new Error(`${name} fails until its fault is cleared`);
    }
    // With the lock_timeout the handler ran under: a batch's transaction sets one.
    await this.tx.manager.query(
      `INSERT INTO probes_seen (name, times, lock_timeout) VALUES ($1, 1, current_setting('lock_timeout'))
       ON CONFLICT (name) DO UPDATE SET times = probes_seen.times + 1, lock_timeout = EXCLUDED.lock_timeout`,
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
    await q.query(`CREATE TABLE probes_seen (name text PRIMARY KEY, times int NOT NULL, lock_timeout text NOT NULL)`);
    await q.query(`CREATE TABLE probe_faults (name text PRIMARY KEY)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE probe_faults; DROP TABLE probes_seen; DROP TABLE probes`);
  }
}

@Module({})
class ProbeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProbeModule,
      imports: [...foundationModules(config, 'inventory', { entities: [], migrations: [ProbeSchema1733000000000] })],
      controllers: [ProbeController, ProbeHandlers],
      providers: [ProbeService],
    };
  }
}

export const probeService: ServiceDefinition = {
  service: 'inventory',
  title: 'probe',
  defaultPort: 0,
  module: ProbeModule.forRoot,
};
