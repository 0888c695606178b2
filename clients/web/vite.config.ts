import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

/** The API runs on the gateway (`npm start`, port 4000); the dev server forwards GraphQL and the dev pages to it. */
const gateway = 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [solid()],
  server: {
    port: 5173,
    proxy: {
      '/graphql': gateway,
      '/dev': gateway,
    },
  },
  build: {
    target: 'es2020',
    assetsDir: 'assets',
  },
});
