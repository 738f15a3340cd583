import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<void>;

export interface CheckResult {
  status: 'up' | 'down';
  error?: string;
}

// A dependency that hangs is as unready as one that fails; the probe itself must answer.
const CHECK_TIMEOUT_MS = 3000;

/**
 * What /health/ready asks. Anything that can make the service unable to serve registers here at
 * start (Postgres from this library, Kafka from messaging).
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async runAll(): Promise<Record<string, CheckResult>> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runWithTimeout(check)] as const),
    );
    return Object.fromEntries(entries);
  }
}

async function runWithTimeout(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS}ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
