// The Paved HTTP API as the pages use it: one function per route (each calling the generated
// client in ./http.ts, its answer typed by the route's response schema) and the answer types
// by name (./types.ts). Pages import this module as `api`.
export { ApiError, onUnauthenticated, setCsrfToken } from './http';
export type { ErrorBody } from './http';
export * from './alerts';
export * from './audit';
export * from './budgets';
export * from './catalog';
export * from './config';
export * from './cost';
export * from './deployments';
export * from './eventStream';
export * from './incidents';
export * from './paging';
export * from './platform';
export * from './policy';
export * from './projects';
export * from './resources';
export * from './spec';
export * from './teams';
export * from './traffic';
export * from './monitoring';
export * from './types';
export * from './users';
