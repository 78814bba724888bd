// Lint rules for the web UI: eslint's and typescript-eslint's recommended sets plus the two
// rules of hooks (call order, complete effect dependencies). The plugin's React Compiler rules
// (refs read while rendering, setState in effects, ...) are left out: the UI does not use the
// compiler, and its hooks keep the latest callback in a ref on purpose. `npm run lint` fails on
// any warning.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },
);
