// Traffic (docs/traffic.md): cross-zone bytes and their cost ranked by team, project, workload or
// edge, and a project's or team's Traffic tab with the top edges and their proposals.
import { call, http, query, type Answer } from './http';

export type TrafficRanking = Answer<'/api/v1/traffic', 'get'>;
export type TrafficGroup = TrafficRanking['groups'][number];
export type TrafficScope = Answer<'/api/v1/projects/{slug}/traffic', 'get'>;
export type TrafficEdge = TrafficScope['edges'][number];

export interface TrafficParams {
  from?: string;
  to?: string;
  cluster?: string;
}

export function trafficRanking(params: TrafficParams & { group_by?: string }) {
  return call(http.GET('/api/v1/traffic', { params: { query: query({ ...params }) } }));
}

export function projectTraffic(slug: string, params: TrafficParams) {
  return call(
    http.GET('/api/v1/projects/{slug}/traffic', {
      params: { path: { slug }, query: query({ ...params }) },
    }),
  );
}

export function teamTraffic(slug: string, params: TrafficParams) {
  return call(
    http.GET('/api/v1/teams/{slug}/traffic', {
      params: { path: { slug }, query: query({ ...params }) },
    }),
  );
}

/** "12.3 GB" from bytes (10^9 bytes a GB, as AWS bills them). */
export function gigabytes(bytes: number) {
  return `${(bytes / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })} GB`;
}

/** "12.5%" from a share in [0, 1]. */
export function percent(share: number) {
  return `${(share * 100).toFixed(1)}%`;
}
