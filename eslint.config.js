import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeOnly = ['electron', 'node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'ws',
  'better-sqlite3', 'node-llama-cpp', '@abandonware/*', 'conf', 'electron-store'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.cache/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    // Layering (DESIGN.md): the renderer talks only to the contract.
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: nodeOnly, message: 'The renderer talks only to the contract in src/shared.' },
        { group: ['**/main/**', '**/preload/**'], message: 'The renderer may not import main or preload code.' },
      ] }],
    },
  },
  {
    // src/shared is pure TypeScript used by every process.
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: nodeOnly, message: 'src/shared imports nothing platform-specific.' },
        { group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'src/shared imports only itself and zod.' },
      ] }],
    },
  },
  {
    // Services never import electron; only the shell does.
    files: ['src/main/**'],
    ignores: ['src/main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/shell may import electron.' }],
        patterns: [{ group: ['**/renderer/**'], message: 'main may not import renderer code.' },
          { group: ['**/sim/**'], message: 'main may not import the simulator (src/sim): it is not part of the shipped app; src/sim installs itself as a HostExtension.' }] }],
    },
  },
);
