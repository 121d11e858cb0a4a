// ESLint with type information (typescript-eslint): `npm run lint` checks the whole tree, `npm run lint -- --fix`
// autofixes what it can. It covers the TypeScript in src/ and test/, each file typed by its nearest tsconfig.json
// (src/webview has its own: DOM, no Node). scripts/ and test/e2e are run by node/tsx and belong to no tsconfig.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/**', 'out/**', 'media/dist/**', 'test-results/**', '.vscode-test/**', '.cache/**', 'scripts/**', 'test/e2e/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Every promise is awaited, returned, given a .catch, or `void`ed where its outcome is handled elsewhere.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_',
        varsIgnorePattern: '^_',
        caughtErrors: 'none',
        ignoreRestSiblings: true,
      }],
      '@typescript-eslint/no-unused-expressions': 'error',
      eqeqeq: 'error',
      // Passing a caught error on as it is (reject(err)) is fine; making a rejection out of a non-Error is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // Item data is untrusted and shown as text: String(value) on values of unknown shape is deliberate here.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read JSON.parse output and the untyped .mjs helpers shared with scripts/; a wrong access fails the test.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fakes implement async interfaces; `async` keeps their throws as rejections, like the real thing.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
