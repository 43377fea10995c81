// ESLint (flat config). The import rules draw the house's layers (docs/capabilities/code-structure.md):
// domain is the ground floor, components are presentational, services/platform alone touches Taro, the store
// sits below the services, and a server folder reaches another only through that folder's index.ts.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { importX } from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import globals from 'globals'

const taro = { name: '@tarojs/taro', message: 'Only src/services/platform touches Taro; call a platform service.' }
const services = { group: ['**/services', '**/services/**', '@/services/**'], message: 'Go through a hook: components and the store do not call services.' }
const signInByHand = {
  group: ['**/services/api/auth'],
  importNames: ['ensureSession'],
  message: 'A page never decides login by hand: use useGate, useSignedIn, useSignIn or useKnownSession (src/hooks/use-gate.ts).'
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.jest-cache/**', 'test-output/**', '.data/**', 'src/sw.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })]
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: true }],
      // comments may hold a zero-width space on purpose (to write `*/` inside a block comment)
      'no-irregular-whitespace': ['error', { skipComments: true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }]
    }
  },
  // React's two classic hook rules, on the app only (test helpers named use… are jest fixtures, not hooks).
  // exhaustive-deps warns: effects that run once on mount and on page show disable it line by line, saying why.
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' }
  },
  // CommonJS files, the build config (runs inside Taro's webpack) and jest's module mocks load with require()
  { files: ['**/*.{js,cjs}', 'config/**', 'test/**'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // tests read untyped JSON bodies and poke at mini-program host objects; `any` there is the honest type
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-this-alias': 'off' } },
  // the ground floor: pure rules shared by phone and server
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./|chinese-days$)', message: 'src/domain imports only src/domain (pure, shared with the server).' }] }]
    }
  },
  {
    files: ['src/components/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [taro], patterns: [services] }] }
  },
  {
    files: ['src/store/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [taro], patterns: [services] }] }
  },
  // Two device ports, read while a store is created (persisted state hydrates at import time, before any
  // wiring could run): the one storage adapter and the location service. Nothing else in the store calls a service.
  {
    files: ['src/store/persist.ts', 'src/store/location.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [taro], patterns: [{ group: ['**/services/http/**', '**/services/api/**'], message: services.message }] }] }
  },
  // The page shell frames every page and mounts the one privacy gate WeChat requires on every page: it is the
  // single component that answers the platform's privacy prompt (no Taro import; only the privacy port).
  {
    files: ['src/components/page-shell/index.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: [taro], patterns: [{ group: ['**/services/http/**', '**/services/api/**'], message: services.message }] }] }
  },
  {
    files: ['src/**'],
    ignores: ['src/services/platform/**', 'src/domain/**', 'src/components/**', 'src/store/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [taro], patterns: [signInByHand] }] }
  },
  // the one place that asks for the session: pages and hooks go through useGate / useSignedIn / useSignIn
  {
    files: ['src/hooks/use-gate.ts', 'src/services/**'],
    ignores: ['src/services/platform/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [taro] }] }
  },
  // a server folder reaches another only through its public face (index.ts)
  // (a command-line entry, like server/app.ts, is a composition root and may wire internals)
  {
    files: ['server/*/**'],
    ignores: ['server/*/cli.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!\\.\\.)[^/]+/.+', message: "Import another server folder through its index.ts (its public face), not its internal files." }] }
      ]
    }
  }
)
