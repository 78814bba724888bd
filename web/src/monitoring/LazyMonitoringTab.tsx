// The Monitoring tab brings the chart library: loaded when the tab is first shown.
import { lazy, Suspense } from 'react';

const MonitoringTab = lazy(() =>
  import('./MonitoringTab').then((m) => ({ default: m.MonitoringTab })),
);

export function LazyMonitoringTab(props: { project: string }) {
  return (
    <Suspense fallback={<div className="muted">Loading…</div>}>
      <MonitoringTab {...props} />
    </Suspense>
  );
}
