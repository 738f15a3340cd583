import { WebhooksSchema1768000000000 } from './1768000000000-webhooks-schema';

/** Listed explicitly, in order, after the shared tables foundationModules() adds: bundlers break migration globs (nrwl/nx#803). */
export const webhooksMigrations = [WebhooksSchema1768000000000];
