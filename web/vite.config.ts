import { defineConfig } from 'vite';

// The web UI is served by `paved serve` from web/dist. During development,
// `npm run dev` serves the sources and forwards the API to a local server.
export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic' },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // react-router marks its modules "use client"; meaningless in a SPA bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
