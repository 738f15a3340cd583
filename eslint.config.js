// Module boundaries say something: apps never import apps, libs never import apps, and each lib
// layer only depends on the layers beneath it (contracts < platform < messaging < bootstrap < testing).
// e2e/ is a project of its own (type:e2e) on top of all of them. The store console (type:console) is a
// client of the services' public HTTP API: it may use no lib but a client of that API (type:client).
// An example (examples/<name>, type:example) is written as an integrator would: @omni/client and Node's own
// modules, nothing else; its test may start the services.
const js = require('@eslint/js');
const nx = require('@nx/eslint-plugin');
const globals = require('globals');
const tseslint = require('typescript-eslint');

const layer = (type, allowed) => ({
  sourceTag: `type:${type}`,
  onlyDependOnLibsWithTags: allowed.map((t) => `type:${t}`),
});
const depConstraints = [
  layer('app', ['contracts', 'platform', 'messaging', 'bootstrap']),
  layer('contracts', []),
  layer('client', []),
  layer('platform', ['contracts']),
  layer('messaging', ['contracts', 'platform']),
  layer('bootstrap', ['contracts', 'platform', 'messaging']),
  layer('testing', ['contracts', 'platform', 'messaging', 'bootstrap']),
  layer('e2e', ['contracts', 'platform', 'messaging', 'bootstrap', 'testing', 'client']),
  layer('console', ['client']),
  { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
  layer('example', ['client']),
  ...['inventory', 'orders', 'fulfilment', 'returns', 'webhooks', 'examples'].map((s) => ({
    sourceTag: `scope:${s}`,
    onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'],
  })),
];
const boundaries = (allow) => ['error', { allow, depConstraints }];

// tools/ is plain CommonJS for Node, run without a build: checked as such, not as TypeScript.
const tools = [
  { ...js.configs.recommended, files: ['tools/**/*.js'] },
  {
    files: ['tools/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['tools/**/*.spec.js', 'tools/**/spec-support.js'], languageOptions: { globals: { ...globals.jest } } },
];

module.exports = [
  // JavaScript outside tools/ is configuration and Jest plumbing.
  { ignores: ['**/node_modules/**', 'dist/**', '.infra/**', 'coverage/**', '**/*.js', '!tools/**/*.js'] },
  ...tseslint.configs.recommended.map((config) => ({ files: ['**/*.ts', '**/*.tsx'], ...config })),
  ...tools,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.handlers.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Decorator[expression.callee.name='Controller']",
          message:
            'Event handler classes use @EventHandlers(): with @Controller() a failing handler is dead-lettered as "Internal server error" instead of its own error.',
        },
      ],
    },
  },
  {
    // Tests may use the testing harness; production code may not.
    files: ['**/test/**/*.ts', '**/*.spec.ts', 'e2e/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['@omni/testing']) },
  },
  {
    // The e2e project starts the real services: of the apps, it may import their service definitions, nothing else;
    // and the store console's server, which the browser suite (e2e/console) serves the app with.
    files: ['e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([
        '@omni/testing',
        '^(\\.\\./)+apps/[a-z]+/src/[a-z]+\\.service-definition$',
        '^(\\.\\./)+apps/console/src/console-server$',
      ]),
    },
  },
  {
    // An example imports what an integrator's code has: @omni/client, Node's own modules and its own files.
    files: ['examples/**/*.ts'],
    ignores: ['examples/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!node:|@omni/client$|\\./)',
              message: 'An example uses only @omni/client and node: modules, as an integrator would.',
            },
          ],
        },
      ],
    },
  },
  {
    // An example's test runs it against the real services, started as e2e starts them.
    files: ['examples/**/*.test.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([
        '@omni/testing',
        '^(\\.\\./)+apps/[a-z]+/src/[a-z]+\\.service-definition$',
      ]),
    },
  },
];
