import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
      'no-restricted-syntax': [
        'error',
        {
          // Province policy is data: comparing against a province code in code is a rule that belongs in rules/.
          selector: "BinaryExpression[operator=/^[!=]==?$/] > Literal[value=/^CN-[A-Z]{2}$/]",
          message: 'Province-specific behaviour belongs in rules/ (JSON), not in an if in TypeScript.',
        },
      ],
    },
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
