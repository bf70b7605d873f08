// In the spirit of cdk8s-plus's (projen's) configuration: typescript-eslint's recommended rules,
// a few that catch real mistakes, and a consistent layout. `npm test` runs it.
const stylistic = require('@stylistic/eslint-plugin');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  {
    ignores: ['lib/**', 'dist/**', 'node_modules/**', 'coverage/**', '.cdk8s.out/**', 'test/fixtures/**', 'test/.readme/**', '**/*.d.ts'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js'],
    plugins: { '@stylistic': stylistic },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // Mistakes
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': ['error', { ignoreTypeValueShadow: true }],
      'no-return-await': 'off',
      'dot-notation': 'error',
      'eqeqeq': ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
      'prefer-const': 'error',
      'no-var': 'error',
      'curly': ['error', 'multi-line', 'consistent'],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/member-ordering': ['error', {
        default: 'never',
        classes: ['public-static-field', 'public-static-method', 'protected-static-field', 'protected-static-method',
          'private-static-field', 'private-static-method', 'field', 'constructor', 'method'],
      }],
      // Layout
      '@stylistic/indent': ['error', 2, { SwitchCase: 1, ignoredNodes: ['TemplateLiteral *', 'ConditionalExpression *'] }],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/comma-spacing': 'error',
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1, maxBOF: 0, maxEOF: 0 }],
      '@stylistic/eol-last': 'error',
      '@stylistic/keyword-spacing': 'error',
      '@stylistic/space-before-blocks': 'error',
      '@stylistic/space-infix-ops': 'error',
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/member-delimiter-style': 'error',
      '@stylistic/quote-props': ['error', 'consistent-as-needed'],
      '@stylistic/max-len': ['error', {
        code: 140,
        // Messages and remediations are sentences that read best unbroken, as in cdk8s-plus.
        ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true,
      }],
    },
  },
  {
    // Tests load modules afresh (jest.isolateModules) and optional ones (ts) where they need them.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The package's entry point and scripts run as plain Node.js.
    files: ['bin/**/*.js', 'eslint.config.js', 'jest.config.js', 'scripts/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
