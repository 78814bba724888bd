// Policy: a project's findings and exceptions, the rules, and checking objects (docs/deploy.md).
import { call, http, query, yamlBody } from './http';

export function projectPolicy(slug: string, params: { env?: string; cluster?: string } = {}) {
  return call(
    http.GET('/api/v1/projects/{slug}/policy', {
      params: { path: { slug }, query: query({ ...params }) },
    }),
  );
}

export function checkPolicy(yaml: string, environment?: string) {
  return call(
    http.POST('/api/v1/policy/check', {
      params: { query: query({ environment }) },
      ...yamlBody(yaml),
    }),
  );
}

export function listPolicyRules() {
  return call(http.GET('/api/v1/policy/rules'));
}

export function listPolicyExceptions(slug: string) {
  return call(
    http.GET('/api/v1/projects/{slug}/policy/exceptions', { params: { path: { slug } } }),
  );
}

/** Records an exception; `duration` like "30d" (at most 90 days). sre/admin only. */
export function createPolicyException(
  slug: string,
  body: { rule: string; reason: string; duration?: string; expires_at?: string },
) {
  return call(
    http.POST('/api/v1/projects/{slug}/policy/exceptions', { params: { path: { slug } }, body }),
  );
}

export function revokePolicyException(slug: string, id: string) {
  return call(
    http.DELETE('/api/v1/projects/{slug}/policy/exceptions/{id}', {
      params: { path: { slug, id } },
    }),
  );
}
