// Sign-in, the caller, users and API tokens (docs/api.md).
import { call, http, query, setCsrfToken, type Body } from './http';
import { pageQuery, type PageParams } from './paging';
import type { LoginAnswer, Me } from './types';

/** Logs in with a password. A 401 here means bad credentials: no redirect. */
export async function login(loginName: string, password: string): Promise<LoginAnswer> {
  const answer = await call(
    http.POST('/api/v1/auth/login', { body: { login: loginName, password } }),
    { redirectOn401: false },
  );
  setCsrfToken(answer.csrf_token);
  return answer;
}

export async function logout(): Promise<void> {
  try {
    await call(http.POST('/api/v1/auth/logout'), { redirectOn401: false });
  } finally {
    setCsrfToken(null);
  }
}

/** The caller; refreshes the CSRF token when the session is a cookie. */
export async function me(options: { redirectOn401?: boolean } = {}): Promise<Me> {
  const answer = await call(http.GET('/api/v1/me'), { redirectOn401: options.redirectOn401 });
  if (answer.csrf_token) setCsrfToken(answer.csrf_token);
  return answer;
}

export function createUser(body: Body<'/api/v1/users', 'post'>) {
  return call(http.POST('/api/v1/users', { body }));
}

export function listUsers(params?: PageParams) {
  return call(http.GET('/api/v1/users', { params: { query: query(pageQuery(params)) } }));
}

export function updateUser(login: string, body: Body<'/api/v1/users/{login}', 'patch'>) {
  return call(http.PATCH('/api/v1/users/{login}', { params: { path: { login } }, body }));
}

export function createToken(name: string) {
  return call(http.POST('/api/v1/tokens', { body: { name } }));
}

/** The caller's tokens, all on one page. */
export function listTokens() {
  return call(http.GET('/api/v1/tokens'));
}

export function revokeToken(id: string): Promise<void> {
  return call(http.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } }));
}
