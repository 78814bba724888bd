// The Traffic tab brings the chart library: loaded when a Traffic tab is first shown.
import { lazy, Suspense } from 'react';

const TrafficTab = lazy(() => import('./TrafficTab').then((m) => ({ default: m.TrafficTab })));

export function LazyTrafficTab(props: { team?: string; project?: string }) {
  return (
    <Suspense fallback={<div className="muted">Loading…</div>}>
      <TrafficTab {...props} />
    </Suspense>
  );
}
