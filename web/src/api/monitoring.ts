// Monitoring (docs/monitoring.md): a namespace's golden signals from Prometheus, with the
// deployments of the window and the days until it runs out of CPU, memory or disk.
import { call, http, query, type Answer } from './http';

export type GoldenSignals = Answer<'/api/v1/projects/{slug}/monitoring/signals', 'get'>;
export type SignalPanel = GoldenSignals['panels'][number];

export interface SignalParams {
  cluster?: string;
  namespace?: string;
  from?: number;
  to?: number;
}

export function projectSignals(slug: string, params: SignalParams) {
  return call(
    http.GET('/api/v1/projects/{slug}/monitoring/signals', {
      params: {
        path: { slug },
        query: query({
          cluster: params.cluster,
          namespace: params.namespace,
          from: params.from,
          to: params.to,
        }),
      },
    }),
  );
}

export type DashboardList = Answer<'/api/v1/monitoring/dashboards', 'get'>;
export type DashboardItem = DashboardList['items'][number];
export type ProjectDashboardModels = Answer<'/api/v1/projects/{slug}/monitoring/dashboards', 'get'>;

// The project's generated Grafana dashboards with their URL and delivery state.
export function projectDashboards(slug: string) {
  return call(
    http.GET('/api/v1/monitoring/dashboards', { params: { query: query({ project: slug }) } }),
  );
}

// The dashboard JSON generated for each of the project's namespaces (to import by hand).
export function projectDashboardModels(slug: string) {
  return call(
    http.GET('/api/v1/projects/{slug}/monitoring/dashboards', { params: { path: { slug } } }),
  );
}
