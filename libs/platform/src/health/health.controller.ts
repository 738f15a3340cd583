import { Controller, Get } from '@nestjs/common';
import { PROBLEMS } from '@omni/contracts';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../http/problem-details';
import { ReadinessRegistry, type CheckResult } from './readiness.registry';

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** The process answers: restart it only if this fails. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every dependency answers: route traffic here only while this passes. */
  @Get('ready')
  async ready(): Promise<{ status: 'ok'; checks: Record<string, CheckResult> }> {
    const checks = await this.readiness.runAll();
    const down = Object.keys(checks).filter((name) => checks[name].status === 'down');
    if (down.length > 0) {
      throw new ProblemException(PROBLEMS.notReady, `not ready: ${down.join(', ')}`, { checks });
    }
    return { status: 'ok', checks };
  }
}
