import type { Middleware } from 'openapi-fetch';
import { assertDeclaredAnswer } from './openapi-response-checker';

/**
 * openapi-fetch middleware holding every answer of a typed client (@omni/client) to the OpenAPI
 * document of the service that gave it: `createOmniClient({ ..., middleware: [checkedAnswers] })`.
 */
export const checkedAnswers: Middleware = {
  async onResponse({ request, response, options }) {
    const text = await response.clone().text();
    const url = new URL(request.url);
    await assertDeclaredAnswer(options.baseUrl.replace(/\/$/, ''), {
      method: request.method,
      target: url.pathname,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    });
    return response;
  },
};
