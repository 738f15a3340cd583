// Module boundaries say something: apps never import apps, libs never import apps, and each lib
// layer only depends on the layers beneath it (contracts < platform < messaging < bootstrap < testing).
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

const layer = (type, allowed) => ({ sourceTag: `type:${type}`, onlyDependOnLibsWithTags: allowed.map((t) => `type:${t}`) });
const depConstraints = [
  layer('app', ['contracts', 'platform', 'messaging', 'bootstrap']),
  layer('contracts', []),
  layer('client', []),
  layer('platform', ['contracts']),
  layer('messaging', ['contracts', 'platform']),
  layer('bootstrap', ['contracts', 'platform', 'messaging']),
  layer('testing', ['contracts', 'platform', 'messaging', 'bootstrap']),
  layer('e2e', ['contracts', 'platform', 'messaging', 'bootstrap', 'testing', 'client']),
  ...['inventory', 'orders', 'fulfilment', 'returns'].map((s) => ({
    sourceTag: `scope:${s}`,
    onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'],
  })),
];
const boundaries = (allow) => ['error', { allow, depConstraints }];

module.exports = [
  { ignores: ['**/node_modules/**', 'dist/**', '.infra/**', 'coverage/**', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
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
          message: 'Event handler classes use @EventHandlers(): with @Controller() a failing handler is dead-lettered as "Internal server error" instead of its own error.',
        },
      ],
    },
  },
  {
    // Tests may use the testing harness; production code may not.
    files: ['**/test/**/*.ts', '**/*.spec.ts', 'e2e/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['@omni/testing']) },
  },
];
