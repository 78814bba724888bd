// Backstage's catalog backend on its own: backend-defaults + the catalog plugin, configured by
// the app-config.yaml files given with --config (written by bench.mjs: 127.0.0.1, in-memory
// SQLite, unauthenticated access, one file location).
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.start();
