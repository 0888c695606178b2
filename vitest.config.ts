import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CommonJS and ESM builds; Apollo loads the CommonJS one, so everything must, or its
  // instanceof checks see two realms ("Cannot use GraphQLObjectType from another module").
  resolve: { alias: { graphql: new URL('./node_modules/graphql/index.js', import.meta.url).pathname } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'rules/src/**/*.test.ts', 'rules/test/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts', 'gateway/src/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['subgraphs/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts', 'test/api/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The web client's unit tests, with its own Vite config (Solid's JSX transform) and a DOM.
        extends: './clients/web/vite.config.ts',
        test: {
          name: 'web',
          root: '.',
          include: ['clients/web/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
