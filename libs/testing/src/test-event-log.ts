import { createEventLog, type EventLog } from '@omni/messaging';
import { testBrokers } from './test-service';

/** An event log client of a test's own, through the same port the services use. */
export const testEventLog = (clientId: string, brokers: readonly string[] = testBrokers()): EventLog =>
  createEventLog(clientId, brokers);
