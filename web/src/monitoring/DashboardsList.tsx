// The project's generated Grafana dashboards: where each lives in Grafana and whether Paved
// delivered it, the panels incidents' lessons added, and its JSON to import by hand when no
// Grafana is configured.
import * as api from '../api';
import { ErrorBanner } from '../components/Field';
import { useLoad } from '../hooks/useLoad';

const kStates: Record<string, string> = {
  delivered: 'delivered',
  'edited-in-grafana': 'edited in Grafana: left alone',
  'not-delivered': 'not delivered',
};

async function download(project: string, uid: string) {
  const models = await api.projectDashboardModels(project);
  const item = models.items.find((i) => i.uid === uid);
  if (!item) return;
  const blob = new Blob([JSON.stringify(item.dashboard, null, 2)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${uid}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

interface GrafanaPanel {
  type?: string;
  title?: string;
}

// The titles of the panels under the dashboard's "From incidents" row.
function lessonPanels(dashboard: unknown): string[] {
  const panels = ((dashboard as { panels?: GrafanaPanel[] })?.panels ?? []) as GrafanaPanel[];
  const start = panels.findIndex((p) => p.type === 'row' && p.title === 'From incidents');
  if (start < 0) return [];
  const out: string[] = [];
  for (const p of panels.slice(start + 1)) {
    if (p.type === 'row') break;
    out.push(p.title ?? '');
  }
  return out;
}

export function DashboardsList({ project }: { project: string }) {
  const view = useLoad(
    () => Promise.all([api.projectDashboards(project), api.projectDashboardModels(project)]),
    `dashboards:${project}`,
  );
  const items = view.data?.[0].items ?? [];
  const lessons = new Map(
    (view.data?.[1].items ?? []).map((m) => [m.uid, lessonPanels(m.dashboard)] as const),
  );
  return (
    <div data-testid="dashboards-list">
      <ErrorBanner error={view.error} />
      {view.data && items.length === 0 ? (
        <div className="muted small">No dashboards yet: deploy the project to a cluster first.</div>
      ) : null}
      {items.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>Dashboard</th>
              <th>Namespace</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.uid} data-testid={`dashboard-${d.uid}`}>
                <td>
                  {d.grafana_url ? (
                    <a href={d.grafana_url} target="_blank" rel="noreferrer">
                      {d.title}
                    </a>
                  ) : (
                    d.title
                  )}
                  {lessons.get(d.uid)?.length ? (
                    <div className="muted small" data-testid="lesson-panels">
                      From incidents: {lessons.get(d.uid)?.join(', ')}
                    </div>
                  ) : null}
                </td>
                <td className="mono">
                  {d.namespace} on {d.cluster}
                </td>
                <td title={d.detail}>{kStates[d.state] ?? d.state}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => download(project, d.uid)}
                  >
                    JSON
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
