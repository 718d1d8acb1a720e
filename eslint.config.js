import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Process boundaries are enforced here (STYLE.md "Electron boundary"): the renderer sees only
// contracts/, and the state machines import no Node or Electron module.
const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'crypto',
  'stream',
  'events',
  'worker_threads',
];
const nodeModulePatterns = NODE_BUILTINS.flatMap((m) => [m, `node:${m}`, `node:${m}/*`]);

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      '.opendispense',
      '.run',
      'test-results',
      'coverage',
      '**/dist',
      '.hub-data',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/hardware/**', '**/state-machines/**', 'electron'],
              message: 'The renderer talks to main only through the bridge (contracts/).',
            },
            { group: nodeModulePatterns, message: 'No Node APIs in the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['state-machines/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', '**/main/**', '**/hardware/**'],
              message: 'Machines are pure definitions; effects are provided by main.',
            },
            {
              group: nodeModulePatterns,
              message: 'Machines are pure definitions; no Node modules.',
            },
          ],
        },
      ],
    },
  },
);
