import * as fs from 'node:fs';
import * as path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { apiProxy, type ServiceUrls } from './api-proxy';
import { devSignIn } from './dev-sign-in';

export interface ConsoleServerOptions {
  /** The built single-page app (`vite build` output: index.html and assets/). */
  staticDir: string;
  services: ServiceUrls;
  /** `development` adds the dev sign-in routes; anything else leaves them out. */
  nodeEnv: string;
  /** Signs development tokens (the services' JWT_SECRET); required in development. */
  jwtSecret?: string;
  /** Fastify's log level (`warn` keeps the services' request log free of the queue's polling); none: silent. */
  logLevel?: string;
}

// The app loads only its own files and talks only to this origin (the services sit behind /api).
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The store console's server: the built app, the services' public APIs under `/api/<service>/`
 * (same origin, so no CORS; event streams pass through), and in development a sign-in that mints
 * tokens. It holds no state and no secret of its own beyond the development signing key.
 */
export async function createConsoleServer(options: ConsoleServerOptions): Promise<FastifyInstance> {
  const index = path.join(options.staticDir, 'index.html');
  if (!fs.existsSync(index))
    throw new Error(`the console is not built: ${index} is missing (node tools/console-build.js)`);
  // Open event streams never end by themselves: closing the server ends them rather than waiting for them.
  const app = Fastify({ logger: options.logLevel ? { level: options.logLevel } : false, forceCloseConnections: true });

  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) return;
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
  });

  await app.register(async (scope) => apiProxy(scope, options.services));
  if (options.nodeEnv === 'development') {
    if (!options.jwtSecret) throw new Error('JWT_SECRET is needed for the development sign-in');
    await app.register(async (scope) =>
      devSignIn(scope, { secret: options.jwtSecret as string, services: options.services }),
    );
  }
  // Serving the app depends on nobody: ready as soon as it listens (the services have their own probes).
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async () => ({ status: 'ok' }));
  // The app asks the server which sign-in it offers, so one build serves development and production.
  app.get('/console-config.json', async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ devSignIn: options.nodeEnv === 'development' }),
  );

  await app.register(fastifyStatic, {
    root: options.staticDir,
    index: ['index.html'],
    // Vite names assets by content hash: cache them for good, never the page that names them.
    setHeaders: (reply, file) =>
      reply.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.method !== 'GET' || req.url.startsWith('/api/') || req.url.startsWith('/dev/')) {
      return reply
        .code(404)
        .type('application/problem+json')
        .send({
          type: 'urn:omni:problem:not-found',
          title: 'Not Found',
          status: 404,
          detail: `no route ${req.method} ${req.url.split('?')[0]}`,
        });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}
