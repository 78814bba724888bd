// A project's config sets and secrets per environment (docs/deploy.md).
import { call, http, query, type Body } from './http';

export function listConfigSets(slug: string, env: string) {
  return call(
    http.GET('/api/v1/projects/{slug}/config/{env}', { params: { path: { slug, env } } }),
  );
}

export function getConfig(slug: string, env: string, set: string, version?: number) {
  return call(
    http.GET('/api/v1/projects/{slug}/config/{env}/{set}', {
      params: { path: { slug, env, set }, query: query({ version }) },
    }),
  );
}

export function putConfig(
  slug: string,
  env: string,
  set: string,
  body: Body<'/api/v1/projects/{slug}/config/{env}/{set}', 'put'>,
) {
  return call(
    http.PUT('/api/v1/projects/{slug}/config/{env}/{set}', {
      params: { path: { slug, env, set } },
      body,
    }),
  );
}

export function configHistory(slug: string, env: string, set: string) {
  return call(
    http.GET('/api/v1/projects/{slug}/config/{env}/{set}/history', {
      params: { path: { slug, env, set } },
    }),
  );
}

export async function configDiff(
  slug: string,
  env: string,
  set: string,
  from?: number,
  to?: number,
) {
  return call(
    http.GET('/api/v1/projects/{slug}/config/{env}/{set}/diff', {
      params: { path: { slug, env, set }, query: query({ from, to }) },
    }),
  );
}

export function listSecrets(slug: string, env: string) {
  return call(
    http.GET('/api/v1/projects/{slug}/secrets/{env}', { params: { path: { slug, env } } }),
  );
}

/** Sets a secret's value (write-only: the answer never carries it). */
export function putSecret(
  slug: string,
  env: string,
  name: string,
  body: { value: string; message?: string },
) {
  return call(
    http.PUT('/api/v1/projects/{slug}/secrets/{env}/{name}', {
      params: { path: { slug, env, name } },
      body,
    }),
  );
}

export function secretHistory(slug: string, env: string, name: string) {
  return call(
    http.GET('/api/v1/projects/{slug}/secrets/{env}/{name}/history', {
      params: { path: { slug, env, name } },
    }),
  );
}
