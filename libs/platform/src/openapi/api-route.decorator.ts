import { SetMetadata } from '@nestjs/common';
import type { ProblemType } from '@omni/contracts';
import type { Schema } from './schema';

export const API_ROUTE = 'omni:openapi:route';

/** A success answer: its schema, or the schema with what else the document says of it. */
export type Answer =
  | Schema
  | {
      schema: Schema;
      description?: string;
      /** `application/json` unless said (an event stream is `text/event-stream`). */
      contentType?: string;
      example?: unknown;
    }
  | NoContent;

/** An answer without a body (`204`, or `304` to a conditional read). */
export interface NoContent {
  readonly noContent: true;
  readonly description: string;
}

export const noContent = (description: string): NoContent => ({ noContent: true, description });

export interface ApiRouteSpec {
  /** One line: what the route does. */
  summary: string;
  /** More, in Markdown (who sees what, when it answers which status). */
  description?: string;
  /** Every success status the route answers with, and what it answers. */
  answers: Partial<Record<200 | 201 | 202 | 204 | 304, Answer>>;
  /** The request headers the route reads (all optional), besides those the pipeline documents itself. */
  headers?: Readonly<Record<string, { description: string; schema: Schema; example?: string }>>;
  /**
   * The problems the route itself can answer with. Those the pipeline gives any route like it are
   * added by the document builder (invalid-request, unauthorized, forbidden for a role- or
   * location-scoped route, the body's limits, the Idempotency-Key's, internal-error, retryable).
   */
  problems?: readonly ProblemType[];
  /** A request body as a client would send it. */
  requestExample?: unknown;
}

/**
 * What a route answers, for its OpenAPI operation: every route carries one (the document builder
 * refuses a route without it), so no route's answers go undocumented.
 */
export const ApiRoute = (spec: ApiRouteSpec): MethodDecorator => SetMetadata(API_ROUTE, spec);

export const API_WEBHOOKS = 'omni:openapi:webhooks';

/** A request the service makes to a URL a client gave it (OpenAPI 3.1 `webhooks`): what it sends, and what it makes of the answer. */
export interface ApiWebhookSpec {
  summary: string;
  /** More, in Markdown. */
  description?: string;
  /** The request headers every delivery carries. */
  headers?: Readonly<Record<string, { description: string; schema: Schema; example?: string }>>;
  /** The JSON body. */
  payload: Schema;
  example?: unknown;
  /** What the receiver may answer (`2XX`, `4XX`...), and what the service does then. */
  answers: Readonly<Record<string, string>>;
}

/**
 * The webhooks a controller's routes subscribe clients to, by name (the event type): published in the
 * document's top-level `webhooks`, so the payloads a receiver is sent are documented beside the API.
 */
export const ApiWebhooks = (webhooks: Readonly<Record<string, ApiWebhookSpec>>): ClassDecorator =>
  SetMetadata(API_WEBHOOKS, webhooks);
