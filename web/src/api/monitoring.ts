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
