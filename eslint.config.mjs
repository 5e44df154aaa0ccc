// Lint rules that keep the shape of the code: type-aware checks on promises and types, and import boundaries
// between the contexts (libs never import apps, workflows import only deterministic code, API and worker stay apart).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Relative import paths into the apps, matched wherever the importing file sits. */
const APPS = ['**/apps/**', '../apps/*', '../../apps/*'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      'bench/out/**',
      'apps/web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Nest reads constructor parameter types at run time (emitDecoratorMetadata): the rule keeps those imports.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: APPS, message: 'libs never import apps: move the shared piece into a lib.' }] },
      ],
    },
  },
  {
    files: ['apps/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/worker/**'], message: 'The API does not import worker code: share it through a lib.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/worker/src/**/*.ts'],
    ignores: ['apps/worker/src/workflows/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/api/**'], message: 'The worker does not import API code: share it through a lib.' }],
        },
      ],
    },
  },
  {
    // Workflow code is replayed: it may import only the workflow SDK, the contracts, pure domain logic and itself.
    files: ['apps/worker/src/workflows/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!@temporalio/workflow$|\\./|(\\.\\./)+libs/(contracts|domain)/)',
              // Types are erased at build time, so `import type` of activities (for proxyActivities) stays allowed.
              allowTypeImports: true,
              message: 'Workflows import only @temporalio/workflow, libs/contracts, libs/domain and each other.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    // React event handlers may be async (they handle their own errors); a floating promise elsewhere is still an error.
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
  },
);
