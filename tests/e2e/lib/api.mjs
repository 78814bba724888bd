// Direct API calls for test setup and checks, with the admin's bearer token.
import assert from 'node:assert/strict';
import { adminLogin, adminPassword } from './server.mjs';

/** An API client for `baseUrl` signed in as the admin with a fresh bearer token. */
export function adminApi(baseUrl) {
  return userApi(baseUrl, adminLogin, adminPassword);
}

/** An API client for `baseUrl` signed in as `login` with a fresh bearer token. */
export async function userApi(baseUrl, login, password) {
  const answer = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  assert.equal(answer.status, 200, await answer.clone().text());
  const cookie = answer.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await answer.json();
  const created = await fetch(`${baseUrl}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
    body: JSON.stringify({ name: 'e2e-api' }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  return new Api(baseUrl, (await created.json()).token);
}

export class Api {
  constructor(baseUrl, token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /**
   * Sends a request; `body` is JSON unless `contentType` says otherwise.
   * Returns {status, body} with body parsed when it is JSON.
   */
  async call(method, path, body, contentType = 'application/json') {
    const headers = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = contentType;
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed };
  }

  /** Like call() but fails the test unless the answer is 2xx; returns the body. */
  async ok(method, path, body, contentType) {
    const answer = await this.call(method, path, body, contentType);
    assert.ok(
      answer.status >= 200 && answer.status < 300,
      `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`,
    );
    return answer.body;
  }
}
