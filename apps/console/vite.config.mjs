// The store console's build: React, the app under web/, the output in dist/ (served by src/main.ts).
// `npx vite --config apps/console/vite.config.mjs` serves it with hot reload, the API proxied to a running console server.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const consoleServer = process.env.CONSOLE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: path.join(here, 'web'),
  plugins: [react()],
  // The typed client of the services, from its sources (as tsconfig.base.json maps it for the Node projects).
  resolve: { alias: { '@omni/client': path.join(here, '../../libs/client/src/index.ts') } },
  build: { outDir: path.join(here, 'dist'), emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: { proxy: { '/api': consoleServer, '/dev': consoleServer, '/console-config.json': consoleServer } },
});
