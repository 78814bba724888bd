// "N firing" next to a project's name when alerts of its namespaces fire; links to the alerts.
import { Link } from 'react-router-dom';
import { useLoad } from '../../hooks/useLoad';
import * as api from '../../api';
import { groupPath } from './alertsUi';

export function ProjectAlertsBadge({ slug }: { slug: string }) {
  const firing = useLoad(
    () => api.listAlerts({ project: slug, state: 'firing' }, { limit: 100 }),
    `project-alerts:${slug}`,
  );
  const items = firing.data?.items ?? [];
  if (items.length === 0) return null;
  const groups = [...new Set(items.map((a) => a.group))];
  // One group: straight to its page; several: the overview filtered by the project.
  const to =
    groups.length === 1
      ? groupPath(items[0].cluster, items[0].namespace)
      : `/alerts?project=${encodeURIComponent(slug)}&state=firing`;
  return (
    <Link
      to={to}
      className="project-alerts-badge"
      data-testid="project-alerts"
      title="Firing alerts of this project's namespaces"
    >
      {items.length}
      {firing.data?.next_cursor ? '+' : ''} firing
    </Link>
  );
}
