// The Cost tab brings the chart library: loaded when a Cost tab is first shown.
import { lazy, Suspense } from 'react';

const CostTab = lazy(() => import('./CostTab').then((m) => ({ default: m.CostTab })));

export function LazyCostTab(props: { team?: string; project?: string }) {
  return (
    <Suspense fallback={<div className="muted">Loading…</div>}>
      <CostTab {...props} />
    </Suspense>
  );
}
