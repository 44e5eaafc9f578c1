// Type-aware lint: typescript-eslint's strict and stylistic type-checked presets.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'golden/**/*.json', 'coverage/**'] },
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
    },
  },
  {
    // The compiler's stages make the arrays the next stage, the templates and the verifier read:
    // compiler/shared/lists.ts says why they are made with mapList, not Array.prototype.map.
    files: ['compiler/build/**/*.ts', 'compiler/resolve/**/*.ts', 'compiler/render/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='map']",
          message: 'Use mapList (compiler/shared/lists.ts): the elements kind of map results changes when V8 optimizes the caller.',
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
