import { PROBLEM_CATALOGUE, type ProblemType } from '@omni/contracts';
import { PROBLEM_CONTENT_TYPE } from '../http/problem-details';
import { arrayOf, component, integer, objectOf, string, type Schema } from './schema';
import type { FieldError } from '../http/problem-details';

const FIELD_ERROR = component(
  'FieldError',
  objectOf<FieldError>({
    field: string({
      description: 'The field at fault, dotted (`lines.0.qty`), or `(body)`, `(path)`, a query parameter or a header.',
    }),
    message: string(),
  }),
);

/** What every problem answer carries (RFC 9457, as ProblemDetailsFilter writes it); extension members sit beside. */
export const PROBLEM = component('Problem', {
  type: 'object',
  description:
    'An RFC 9457 problem. `type` is one of the error catalogue (`x-problem-types`, `/docs/problems`); extension members ' +
    '(`shortfalls`, `remainingAttempts`, `checks`...) are named by its entry.',
  properties: {
    type: { type: 'string', enum: PROBLEM_CATALOGUE.map((p) => p.type) },
    title: { type: 'string', description: 'The same for every problem of its type.' },
    status: integer({ minimum: 400, maximum: 599 }),
    detail: string({ description: 'What happened this time.' }),
    instance: string({ description: 'The request path.' }),
    correlationId: string({
      description: 'Quote it when reporting a problem: every log line of the request carries it.',
    }),
    errors: arrayOf(FIELD_ERROR),
  },
  required: ['type', 'title', 'status', 'instance', 'correlationId'],
  additionalProperties: true,
});

const RETRY_AFTER = { description: 'Seconds to wait before retrying.', schema: integer({ minimum: 0 }) };
const WWW_AUTHENTICATE = { description: 'Always `Bearer`.', schema: string() };

const sample = (p: ProblemType, path: string): Record<string, unknown> => ({
  type: p.type,
  title: p.title,
  status: p.status,
  detail: p.when.split('. ')[0].replace(/\.$/, ''),
  instance: path,
  correlationId: '3f1c9a52-6a51-4a4e-9d6e-0b8b7c1d2e3f',
});

/**
 * The response of one status: a problem whose `type` is one of `types` (a route answering 409 with
 * insufficient-stock or conflict says exactly those two), with an example of each.
 */
export function problemResponse(status: number, types: readonly ProblemType[], path: string): Record<string, unknown> {
  const schema: Schema = {
    allOf: [PROBLEM],
    properties: { type: { enum: types.map((p) => p.type) }, status: { const: status } },
  };
  return {
    description: types.map((p) => `\`${p.type}\`: ${p.when}`).join('\n\n'),
    ...(status === 401 ? { headers: { 'WWW-Authenticate': WWW_AUTHENTICATE } } : {}),
    ...(status === 503 || status === 429 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema,
        examples: Object.fromEntries(
          types.map((p) => [p.type.split(':').pop() as string, { summary: p.title, value: sample(p, path) }]),
        ),
      },
    },
  };
}
