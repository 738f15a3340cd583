import { createEventLog, type EventLog } from '@omni/messaging';

/** The brokers of this test run (KAFKA_BROKERS, set by the global setup). */
export const testBrokers = (): string[] => (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** An event log client of a test's own, through the same port the services use. */
export const testEventLog = (clientId: string, brokers: readonly string[] = testBrokers()): EventLog => createEventLog(clientId, brokers);
