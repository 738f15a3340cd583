// The error catalogue: every problem type an omni service answers with (RFC 9457 `type`), once.
// It is part of the integrator's contract, like the event types: each service serves it at
// GET /docs/problems and in its OpenAPI document (`x-problem-types`), and a problem can only be
// thrown from an entry here (ProblemException takes one), so no answer carries an undocumented type.

export interface ProblemType {
  /** The problem's `type`: a URN, dereferenced in the catalogue. */
  readonly type: string;
  /** The same for every occurrence of the type (RFC 9457 §3.1.3); the `detail` says what happened this time. */
  readonly title: string;
  readonly status: number;
  /** When a service answers with it. */
  readonly when: string;
  /** What the client should do about it. */
  readonly action: string;
}

const entry = (
  type: `urn:omni:problem:${string}`,
  status: number,
  title: string,
  when: string,
  action: string,
): ProblemType => ({ type, title, status, when, action });

export const PROBLEMS = {
  // The request itself
  invalidRequest: entry(
    'urn:omni:problem:invalid-request',
    400,
    'Bad Request',
    'The request breaks a rule of the route: a field fails validation, an unknown field is sent, the body, path or query breaks an input limit (nesting, sizes, NUL, surrogates, prototype keys, repeated query parameters), a cursor was not issued by this API, an Idempotency-Key is too long, the body is not valid JSON or HTTP. `errors` names each field at fault (`lines.0.qty`, `(path)`, `cursor`) where there is one.',
    'Fix what `errors` names; sending the same request again gets the same answer.',
  ),
  unauthorized: entry(
    'urn:omni:problem:unauthorized',
    401,
    'Unauthorized',
    'No bearer token, an invalid or expired one, or an `Authorization` header that is not exactly `Bearer <token>`.',
    'Obtain a valid token and send it as `Authorization: Bearer <token>`.',
  ),
  forbidden: entry(
    'urn:omni:problem:forbidden',
    403,
    'Forbidden',
    'The caller may not make this request about something it can see or names itself: a route of another role, a location or channel in the request that is not its own, a step on a resource it may only read.',
    'Do not retry with this token; act only on your own channel and locations, or use a principal with the right role.',
  ),
  notFound: entry(
    'urn:omni:problem:not-found',
    404,
    'Not Found',
    'No such resource for this caller: it does not exist, or it is not the caller’s ("not yours"); the two read alike so that its existence is not disclosed. Also a path no route serves.',
    'Check the id and the token. Do not poll: unlike order-unknown, this does not change by waiting.',
  ),
  orderUnknown: entry(
    'urn:omni:problem:order-unknown',
    404,
    'Not Found',
    'Not yet: this service has not heard of the order. It learns of orders from events a moment after orders takes them, so an order placed just now may not have arrived yet.',
    'If you just placed the order, retry with backoff (a few seconds); if it persists, check the order id.',
  ),
  requestTimeout: entry(
    'urn:omni:problem:request-timeout',
    408,
    'Request Timeout',
    'The request headers or body were not received within the server’s timeouts (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS); the connection is closed.',
    'Send the whole request promptly on a new connection.',
  ),
  conflict: entry(
    'urn:omni:problem:conflict',
    409,
    'Conflict',
    'The request collided with another one changing the same thing at the same moment (a unique key taken concurrently, an Idempotency-Key changing state).',
    'Read the resource again, then retry the request (with the same Idempotency-Key).',
  ),
  payloadTooLarge: entry(
    'urn:omni:problem:payload-too-large',
    413,
    'Payload Too Large',
    'The body is larger than 1 MB after decompression (or its chunk extensions are too large).',
    'Send a smaller body, e.g. fewer lines per request.',
  ),
  unsupportedMediaType: entry(
    'urn:omni:problem:unsupported-media-type',
    415,
    'Unsupported Media Type',
    'The body is not JSON (`Content-Type: application/json`), not UTF-8, or in a Content-Encoding other than gzip, deflate or br.',
    'Send UTF-8 JSON with `Content-Type: application/json`, uncompressed or gzip/deflate/br.',
  ),
  idempotencyKeyReused: entry(
    'urn:omni:problem:idempotency-key-reused',
    422,
    'Unprocessable Content',
    'The Idempotency-Key was already used by this principal for a different request (another body, method or path).',
    'Use a new key for a new request; reuse a key only to retry the very same request.',
  ),
  eventContractViolation: entry(
    'urn:omni:problem:event-contract-violation',
    422,
    'Event contract violated',
    'The request passed validation, but the event it would publish breaks that event’s contract, so nothing was written (a defect in the service: its DTO and the event contract disagree). `errors` names the event’s fields.',
    'Report it with the correlationId; changing the request around the named fields may get past it.',
  ),
  headersTooLarge: entry(
    'urn:omni:problem:headers-too-large',
    431,
    'Request Header Fields Too Large',
    'The request headers are larger than the server accepts; the connection is closed.',
    'Send fewer or smaller headers.',
  ),
  tooManyStreams: entry(
    'urn:omni:problem:too-many-streams',
    429,
    'Too Many Requests',
    'The principal already has SSE_MAX_STREAMS_PER_PRINCIPAL event streams open on this replica (`limit` says how many).',
    'Close a stream first, or retry after `Retry-After` seconds.',
  ),
  internalError: entry(
    'urn:omni:problem:internal-error',
    500,
    'Internal Server Error',
    'An unexpected error in the service; nothing the request could have avoided.',
    'Retry later with the same Idempotency-Key; report it with the correlationId if it persists.',
  ),
  retryable: entry(
    'urn:omni:problem:retryable',
    503,
    'Service Unavailable',
    'A passing fault: the database was unavailable for a moment, or the request collided with a concurrent one; `Retry-After` says when to try again.',
    'Retry the identical request (with the same Idempotency-Key) after `Retry-After` seconds.',
  ),
  notReady: entry(
    'urn:omni:problem:not-ready',
    503,
    'Service Unavailable',
    '`/health/ready` only: a dependency (Postgres, Kafka, a consumer) is down or behind; `checks` says which.',
    'Route traffic to another replica until it is ready again.',
  ),

  // inventory
  insufficientStock: entry(
    'urn:omni:problem:insufficient-stock',
    409,
    'Insufficient stock',
    'A hold asked for more than is sellable at a location; nothing was held. `shortfalls` lists each short line with what is available.',
    'Hold less (or with `allowPartial`), or at another location (`/v1/availability/{sku}/nearby`).',
  ),
  movementRefused: entry(
    'urn:omni:problem:movement-refused',
    409,
    'Movement refused',
    'A stock movement would break a stock rule (e.g. take on-hand stock below zero, or damage more than is there); `sku` and `locationId` name the level.',
    'Read the level (`/v1/stock/{sku}/levels`) and record a movement that fits it.',
  ),
  unknownLocation: entry(
    'urn:omni:problem:unknown-location',
    422,
    'Unknown location',
    'A stock movement names a location inventory does not have.',
    'Create the location first (`PUT /v1/locations/{id}`), or fix `locationId`.',
  ),
  holdState: entry(
    'urn:omni:problem:hold-state',
    409,
    'Conflict',
    'The hold is no longer active (`holdStatus`: released, expired or converted into an order), so it cannot be extended or released.',
    'Take a new hold if the stock is still wanted.',
  ),

  // orders
  unknownSku: entry(
    'urn:omni:problem:unknown-sku',
    422,
    'Unknown SKU',
    'An order line names a SKU no location has ever stocked; nothing was written. `skus` and `errors` name the lines.',
    'Fix the SKU; a SKU becomes orderable once any location has received it.',
  ),
  pickupNotPossible: entry(
    'urn:omni:problem:pickup-not-possible',
    422,
    'Pickup not possible',
    'A pickup line names a store that is inactive or does not offer click-and-collect (BOPIS), or that never reached orders; `errors` names the lines.',
    'Choose another pickup store, or deliver the line.',
  ),
  holdNotUsable: entry(
    'urn:omni:problem:hold-not-usable',
    422,
    'Hold not usable',
    'The order carries a hold that cannot back it: another principal’s hold, released, expired, or already used by another order (`reason`).',
    'Take a new hold, or place the order without `holdId`.',
  ),
  duplicateExternalRef: entry(
    'urn:omni:problem:duplicate-external-ref',
    409,
    'Conflict',
    'The channel already has an order with this `externalRef`.',
    'Read the existing order instead of placing it again; a retry of the same request should use the same Idempotency-Key.',
  ),
  unknownOrderLines: entry(
    'urn:omni:problem:unknown-order-lines',
    422,
    'Unknown lines',
    'A cancel names lines that are not lines of the order; `errors` names them.',
    'Cancel only the order’s own line ids (see `GET /v1/orders/{id}`).',
  ),
  cancelTooLate: entry(
    'urn:omni:problem:cancel-too-late',
    409,
    'Too late to cancel',
    'The goods of some lines have already left (handed over, shipped or delivered); nothing was cancelled. `lines` names them.',
    'Start a return for those lines (`POST /v1/returns`).',
  ),

  // fulfilment
  taskState: entry(
    'urn:omni:problem:task-state',
    409,
    'Conflict',
    'The task step is not possible in the task’s status (`taskStatus`) or for its delivery type (README "Task states" lists what is allowed when).',
    'Read the task (`GET /v1/tasks/{id}`) and take the step its status allows.',
  ),
  wrongPickupCode: entry(
    'urn:omni:problem:wrong-pickup-code',
    422,
    'Wrong pickup code',
    'The code given at handover does not match; the attempt is counted. `remainingAttempts` says how many are left before the pickup locks.',
    'Ask the customer for the code again.',
  ),
  pickupLocked: entry(
    'urn:omni:problem:pickup-locked',
    423,
    'Pickup locked',
    'Too many wrong codes: the pickup is locked.',
    'Have a new code sent to the customer (`POST /v1/tasks/{id}/reissue-code`), then hand over with it.',
  ),
  pickupClosed: entry(
    'urn:omni:problem:pickup-closed',
    409,
    'Conflict',
    'The pickup is no longer waiting: its window has closed, or it was handed over or cancelled.',
    'Read the task; an expired pickup cannot be handed over or given a new code.',
  ),

  // returns
  returnRefused: entry(
    'urn:omni:problem:return-refused',
    422,
    'Return refused',
    'The return breaks the return policy or the return itself (window, returnable SKU, more units than sold or authorised); `rule` names the first rule broken, `violations` every one.',
    'Change the request as the violations say; a refusal by policy is final.',
  ),
  returnState: entry(
    'urn:omni:problem:return-state',
    409,
    'Conflict',
    'The return is not in the state the step needs (received twice, inspected before receipt, cancelled after receipt).',
    'Read the return (`GET /v1/returns/{id}`) and take the step its status allows.',
  ),
} as const satisfies Record<string, ProblemType>;

export type ProblemKey = keyof typeof PROBLEMS;

/** Every entry, in the order above: what `GET /docs/problems` answers. */
export const PROBLEM_CATALOGUE: readonly ProblemType[] = Object.values(PROBLEMS);

const BY_TYPE = new Map(PROBLEM_CATALOGUE.map((p) => [p.type, p]));

/** The catalogue entry of a `type`, if there is one. */
export function problemOfType(type: string): ProblemType | undefined {
  return BY_TYPE.get(type);
}

// The framework's own refusals (Fastify, Nest's router) carry only a status: each gets the entry of its kind.
const BY_STATUS = new Map<number, ProblemType>(
  [
    PROBLEMS.invalidRequest,
    PROBLEMS.unauthorized,
    PROBLEMS.forbidden,
    PROBLEMS.notFound,
    PROBLEMS.requestTimeout,
    PROBLEMS.conflict,
    PROBLEMS.payloadTooLarge,
    PROBLEMS.unsupportedMediaType,
    PROBLEMS.headersTooLarge,
    PROBLEMS.internalError,
    PROBLEMS.retryable,
  ].map((p) => [p.status, p]),
);

/** The generic entry for an HTTP status, for refusals that carry nothing else; undefined for a status none covers. */
export function problemOfStatus(status: number): ProblemType | undefined {
  return BY_STATUS.get(status);
}
