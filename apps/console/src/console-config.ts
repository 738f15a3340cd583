import * as path from 'node:path';
import { SERVICE_NAMES, type ServiceUrls } from './api-proxy';

const DEFAULT_PORTS: Record<keyof ServiceUrls, number> = {
  inventory: 3001,
  orders: 3002,
  fulfilment: 3003,
  returns: 3004,
};

export interface ConsoleConfig {
  port: number;
  host: string;
  staticDir: string;
  services: ServiceUrls;
  nodeEnv: string;
  jwtSecret?: string;
}

/**
 * CONSOLE_PORT (3000), CONSOLE_HOST (127.0.0.1), CONSOLE_STATIC_DIR (apps/console/dist), and each
 * service's base URL: <SERVICE>_URL, else http://127.0.0.1:<SERVICE>_PORT (its usual port).
 */
export function consoleConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): ConsoleConfig {
  const port = Number(env.CONSOLE_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`CONSOLE_PORT must be a port number (got "${env.CONSOLE_PORT}")`);
  const services = Object.fromEntries(
    SERVICE_NAMES.map((name) => {
      const key = name.toUpperCase();
      const url = env[`${key}_URL`] ?? `http://127.0.0.1:${env[`${key}_PORT`] ?? DEFAULT_PORTS[name]}`;
      if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`${key}_URL must be an http(s) URL (got "${url}")`);
      return [name, url];
    }),
  ) as ServiceUrls;
  return {
    port,
    host: env.CONSOLE_HOST ?? '127.0.0.1',
    staticDir: path.resolve(cwd, env.CONSOLE_STATIC_DIR ?? 'apps/console/dist'),
    services,
    nodeEnv: env.NODE_ENV ?? 'production',
    jwtSecret: env.JWT_SECRET,
  };
}
