import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const provinceInCode = {
  // Province policy is data: comparing against a province code in code is a rule that belongs in rules/.
  selector: "BinaryExpression[operator=/^[!=]==?$/] > Literal[value=/^CN-[A-Z]{2}$/]",
  message: 'Province-specific behaviour belongs in rules/ (JSON), not in an if in TypeScript.',
};

// A setting is declared once (a `*_SETTINGS` object: type, default, description) and read through `readSettings`.
const settingReadByHand = [
  "MemberExpression[object.object.name='process'][object.property.name='env']",
  "MemberExpression[object.name='env'][computed=true]",
  "MemberExpression[object.name='env'][property.name=/^[A-Z][A-Z0-9_]*$/]",
].map((selector) => ({ selector, message: 'Declare the setting in a *_SETTINGS object and read it with readSettings (see packages/platform/src/config.ts).' }));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-results/**', '**/migrations/Migration*.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': ['error', provinceInCode, ...settingReadByHand],
    },
  },
  {
    // Where declared settings are read: the one helper of the platform and the rules' own folders.
    files: ['packages/platform/src/config.ts', 'rules/src/settings.ts'],
    rules: { 'no-restricted-syntax': ['error', provinceInCode] },
  },
  {
    // Tests play candidates of named provinces; the rule is about behaviour in the platform's code.
    files: ['test/**/*.ts', '**/*.test.ts', '**/*.test.tsx', 'scripts/bench-*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['clients/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    // Solid assigns `ref={el}` variables in compiled JSX, which this rule cannot see.
    rules: { 'no-unassigned-vars': 'off' },
  },
);
