import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type OpenApiDocument = {
  paths: Record<string, Record<string, OperationObject>>;
  webhooks?: Record<string, Record<string, OperationObject>>;
  components?: Record<string, unknown>;
};
interface OperationObject {
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** A webhook request as its receiver got it. */
export interface CheckedWebhook {
  headers: Record<string, string | string[] | undefined>;
  /** The raw body. */
  body: string;
}

export interface CheckedAnswer {
  method: string;
  /** The request target as sent (its query is ignored). */
  target: string;
  status: number;
  contentType: string | null;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
}

interface Route {
  template: string;
  pattern: RegExp;
  literals: number;
}

/**
 * Holds a service's real answers to its own OpenAPI document: the status must be one the operation
 * declares, the media type the one declared for it, and the body must validate against its schema
 * (problem answers included: their `type` must be one the operation lists for that status). An answer
 * to a path the document does not describe (health, metrics, an unknown path) is not checked.
 */
export class OpenApiResponseChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    // Registered whole, so a response schema's `#/components/schemas/...` resolves against the document.
    this.ajv.addSchema(
      { $id: 'openapi', paths: document.paths, webhooks: document.webhooks, components: document.components },
      'openapi',
    );
    this.routes = Object.keys(document.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
        literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
      }))
      // A literal segment wins over a parameter (`/v1/availability/stream` before `/v1/availability/{sku}`).
      .sort((a, b) => b.literals - a.literals);
  }

  /** What is wrong with the answer; empty when it is what the document declares. */
  problemsWith(answer: CheckedAnswer): string[] {
    const path = answer.target.split('?')[0];
    const method = answer.method.toLowerCase();
    const route = this.routes.find((r) => r.pattern.test(path) && this.document.paths[r.template][method]);
    if (!route) return [];
    const where = `${answer.method.toUpperCase()} ${route.template} ${answer.status}`;
    const responses = this.document.paths[route.template][method].responses ?? {};
    const declared = responses[String(answer.status)]
      ? String(answer.status)
      : responses.default
        ? 'default'
        : undefined;
    if (!declared)
      return [
        `${where}: the operation declares no ${answer.status} (it declares ${Object.keys(responses).join(', ')})`,
      ];
    const content = responses[declared].content;
    if (!content) return answer.body === undefined ? [] : [`${where}: declared without a body, answered one`];
    const mediaType = (answer.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!content[mediaType])
      return [`${where}: answered ${mediaType || 'no content type'}, declared ${Object.keys(content).join(', ')}`];
    if (mediaType !== 'application/json' && mediaType !== 'application/problem+json') return [];
    const validate = this.compiled([
      'paths',
      route.template,
      method,
      'responses',
      declared,
      'content',
      mediaType,
      'schema',
    ]);
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${where}: ${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
    );
  }

  /**
   * What is wrong with a webhook the service sent: its body's `type` must be one of the document's `webhooks`,
   * the body must validate against that webhook's schema, and every header it declares required must be there.
   */
  webhookProblemsWith(webhook: CheckedWebhook): string[] {
    let body: { type?: unknown };
    try {
      body = JSON.parse(webhook.body) as { type?: unknown };
    } catch {
      return ['the webhook body is not JSON'];
    }
    const name = typeof body?.type === 'string' ? body.type : '';
    const operation = this.document.webhooks?.[name]?.post;
    if (!operation?.requestBody?.content?.['application/json'])
      return [`webhook ${JSON.stringify(body?.type)}: the document declares no such webhook`];
    const missing = (operation.parameters ?? [])
      .filter((p) => p.in === 'header' && p.required && webhook.headers[p.name.toLowerCase()] === undefined)
      .map((p) => `webhook ${name}: no ${p.name} header`);
    const validate = this.compiled(['webhooks', name, 'post', 'requestBody', 'content', 'application/json', 'schema']);
    if (validate(body)) return missing;
    return [
      ...missing,
      ...(validate.errors ?? []).map(
        (e) =>
          `webhook ${name}: ${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
      ),
    ];
  }

  private compiled(path: string[]): ValidateFunction {
    const pointer = path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const key = `openapi#/${pointer}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: key });
      this.validators.set(key, validate);
    }
    return validate;
  }
}

const checkers = new Map<string, Promise<OpenApiResponseChecker>>();

/** The checker of the service at `baseUrl`, from the document it serves (fetched once). */
export function responseCheckerOf(baseUrl: string): Promise<OpenApiResponseChecker> {
  let checker = checkers.get(baseUrl);
  if (!checker) {
    checker = fetch(`${baseUrl}/docs-json`).then(
      async (res) => new OpenApiResponseChecker((await res.json()) as OpenApiDocument),
    );
    checkers.set(baseUrl, checker);
  }
  return checker;
}

/** On unless OPENAPI_RESPONSE_CHECK=off: every answer an integration test's ApiClient gets is checked. */
export const responseCheckEnabled = (): boolean => process.env.OPENAPI_RESPONSE_CHECK !== 'off';

/** Throws, naming each mismatch, when an answer is not what the service's document declares. */
export async function assertDeclaredAnswer(baseUrl: string, answer: CheckedAnswer): Promise<void> {
  if (!responseCheckEnabled()) return;
  const problems = (await responseCheckerOf(baseUrl)).problemsWith(answer);
  if (problems.length > 0) {
    throw new Error(
      `the answer does not match the OpenAPI document:\n  ${problems.join('\n  ')}\nbody: ${JSON.stringify(answer.body)?.slice(0, 2000)}`,
    );
  }
}

/** Throws, naming each mismatch, when a webhook the service at `baseUrl` sent is not what its document's `webhooks` declares. */
export async function assertDeclaredWebhook(baseUrl: string, webhook: CheckedWebhook): Promise<void> {
  if (!responseCheckEnabled()) return;
  const problems = (await responseCheckerOf(baseUrl)).webhookProblemsWith(webhook);
  if (problems.length > 0)
    throw new Error(
      `the webhook does not match the OpenAPI document:\n  ${problems.join('\n  ')}\nbody: ${webhook.body.slice(0, 2000)}`,
    );
}
