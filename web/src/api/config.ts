// A project's config sets and secrets per environment (docs/deploy.md).
import { http, query, untyped } from './http';

/** Keys added, removed and changed by a config version against the one before it. */
export interface KeyChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface ConfigVersion {
  project?: string;
  environment?: string;
  set?: string;
  version: number;
  /** Absent in history entries. */
  data?: Record<string, string>;
  files?: Record<string, string>;
  changes?: KeyChanges;
  author: string;
  message: string;
  created_at: string;
}

export interface ConfigSetInfo {
  set: string;
  version: number;
  author: string;
  updated_at: string;
}

export interface ConfigKeyDiff {
  key: string;
  change: 'added' | 'removed' | 'changed' | string;
  from?: string | null;
  to?: string | null;
}

export interface ConfigDiff {
  from: number;
  to: number;
  keys: ConfigKeyDiff[];
}

export function listConfigSets(slug: string, env: string): Promise<{ items: ConfigSetInfo[] }> {
  return untyped<{ items: ConfigSetInfo[] }>(
    http.GET('/api/v1/projects/{slug}/config/{env}', { params: { path: { slug, env } } }),
  );
}

export function getConfig(
  slug: string,
  env: string,
  set: string,
  version?: number,
): Promise<ConfigVersion> {
  return untyped<ConfigVersion>(
    http.GET('/api/v1/projects/{slug}/config/{env}/{set}', {
      params: { path: { slug, env, set }, query: query({ version }) },
    }),
  );
}

export function putConfig(
  slug: string,
  env: string,
  set: string,
  body: {
    data: Record<string, string>;
    files: Record<string, string>;
    message?: string;
    /** The version the edit started from (0: a new set); 409 when someone wrote it since. */
    expected_version?: number;
  },
): Promise<ConfigVersion> {
  return untyped<ConfigVersion>(
    http.PUT('/api/v1/projects/{slug}/config/{env}/{set}', {
      params: { path: { slug, env, set } },
      // The server declares data and files as objects without their string values.
      body: body as never,
    }),
  );
}

export function configHistory(
  slug: string,
  env: string,
  set: string,
): Promise<{ items: ConfigVersion[] }> {
  return untyped<{ items: ConfigVersion[] }>(
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
): Promise<ConfigDiff> {
  const answer = await untyped<ConfigDiff & { changes?: ConfigKeyDiff[] }>(
    http.GET('/api/v1/projects/{slug}/config/{env}/{set}/diff', {
      params: { path: { slug, env, set }, query: query({ from, to }) },
    }),
  );
  return { from: answer.from, to: answer.to, keys: answer.keys ?? answer.changes ?? [] };
}

export interface SecretInfo {
  name: string;
  version: number;
  author: string;
  updated_at?: string;
  created_at?: string;
}

export interface SecretVersionInfo {
  version: number;
  author: string;
  message: string;
  created_at: string;
  key_id: string;
}

export function listSecrets(slug: string, env: string): Promise<{ items: SecretInfo[] }> {
  return untyped<{ items: SecretInfo[] }>(
    http.GET('/api/v1/projects/{slug}/secrets/{env}', { params: { path: { slug, env } } }),
  );
}

/** Sets a secret's value (write-only: the answer never carries it). */
export function putSecret(
  slug: string,
  env: string,
  name: string,
  body: { value: string; message?: string },
): Promise<SecretInfo> {
  return untyped<SecretInfo>(
    http.PUT('/api/v1/projects/{slug}/secrets/{env}/{name}', {
      params: { path: { slug, env, name } },
      body,
    }),
  );
}

export function secretHistory(
  slug: string,
  env: string,
  name: string,
): Promise<{ items: SecretVersionInfo[] }> {
  return untyped<{ items: SecretVersionInfo[] }>(
    http.GET('/api/v1/projects/{slug}/secrets/{env}/{name}/history', {
      params: { path: { slug, env, name } },
    }),
  );
}
