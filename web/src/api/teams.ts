// Teams and their members (docs/api.md).
import { call, http, query, type Body } from './http';
import { pageQuery, type PageParams } from './paging';

export type NewTeam = Body<'/api/v1/teams', 'post'>;
export type TeamChanges = Body<'/api/v1/teams/{slug}', 'patch'>;

export function createTeam(body: NewTeam) {
  return call(http.POST('/api/v1/teams', { body }));
}

export function listTeams(params?: PageParams & { q?: string }) {
  return call(
    http.GET('/api/v1/teams', { params: { query: query({ q: params?.q, ...pageQuery(params) }) } }),
  );
}

export function getTeam(slug: string) {
  return call(http.GET('/api/v1/teams/{slug}', { params: { path: { slug } } }));
}

export function updateTeam(slug: string, body: TeamChanges) {
  return call(http.PATCH('/api/v1/teams/{slug}', { params: { path: { slug } }, body }));
}

export function deleteTeam(slug: string): Promise<void> {
  return call(http.DELETE('/api/v1/teams/{slug}', { params: { path: { slug } } }));
}

export function addTeamMember(slug: string, login: string) {
  return call(
    http.POST('/api/v1/teams/{slug}/members', { params: { path: { slug } }, body: { login } }),
  );
}

export function removeTeamMember(slug: string, login: string): Promise<void> {
  return call(
    http.DELETE('/api/v1/teams/{slug}/members/{login}', { params: { path: { slug, login } } }),
  );
}
