// Incidents (docs/incidents.md): the log per project, the timeline read from alerts, deploys
// and config changes, whys, contributing factors, lessons and follow-up actions.
import { call, http, query, type Body } from './http';

export type OpenIncidentBody = Body<'/api/v1/incidents', 'post'>;
export type IncidentPatch = Body<'/api/v1/incidents/{id}', 'patch'>;
export type NewIncidentAction = Body<'/api/v1/incidents/{id}/actions', 'post'>;
export type IncidentActionPatch = Body<'/api/v1/incidents/{id}/actions/{number}', 'patch'>;
export type NewIncidentLesson = Body<'/api/v1/incidents/{id}/lessons', 'post'>;

export function listIncidents(params?: { state?: string; team?: string; project?: string }) {
  return call(http.GET('/api/v1/incidents', { params: { query: query({ ...params }) } }));
}

export function listProjectIncidents(slug: string, params?: { state?: string }) {
  return call(
    http.GET('/api/v1/projects/{slug}/incidents', {
      params: { path: { slug }, query: query({ ...params }) },
    }),
  );
}

export function openIncident(body: OpenIncidentBody) {
  return call(http.POST('/api/v1/incidents', { body }));
}

export function getIncident(id: string) {
  return call(http.GET('/api/v1/incidents/{id}', { params: { path: { id } } }));
}

export function patchIncident(id: string, body: IncidentPatch) {
  return call(http.PATCH('/api/v1/incidents/{id}', { params: { path: { id } }, body }));
}

export function incidentTimeline(id: string) {
  return call(http.GET('/api/v1/incidents/{id}/timeline', { params: { path: { id } } }));
}

export function addIncidentNote(id: string, text: string) {
  return call(
    http.POST('/api/v1/incidents/{id}/timeline', { params: { path: { id } }, body: { text } }),
  );
}

export function addIncidentAction(id: string, body: NewIncidentAction) {
  return call(http.POST('/api/v1/incidents/{id}/actions', { params: { path: { id } }, body }));
}

export function patchIncidentAction(id: string, number: number, body: IncidentActionPatch) {
  return call(
    http.PATCH('/api/v1/incidents/{id}/actions/{number}', {
      params: { path: { id, number: String(number) } },
      body,
    }),
  );
}

export function addIncidentLesson(id: string, body: NewIncidentLesson) {
  return call(http.POST('/api/v1/incidents/{id}/lessons', { params: { path: { id } }, body }));
}

export function overdueIncidentActions(team: string) {
  return call(
    http.GET('/api/v1/teams/{slug}/incident-actions', {
      params: { path: { slug: team }, query: { overdue: 'true' } },
    }),
  );
}

/** The Markdown export, as a link the browser downloads. */
export function incidentExportUrl(id: string): string {
  return `/api/v1/incidents/${encodeURIComponent(id)}/export.md`;
}
