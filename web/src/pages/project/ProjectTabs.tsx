// The project page's tabs; the open tab is the `tab` query parameter (none = Overview).
import { Link } from 'react-router-dom';
import type { Project } from '../../api';
import { ConfigTab } from './ConfigTab';
import { LazyCostTab } from '../../cost/LazyCostTab';
import { DeploymentsTab } from './DeploymentsTab';
import { ManifestsTab } from './ManifestsTab';
import { LazyMonitoringTab } from '../../monitoring/LazyMonitoringTab';
import { ProjectIncidentsTab } from '../incidents/ProjectIncidentsTab';
import { PolicyTab } from './PolicyTab';
import { ResourcesTab } from '../resources/ResourcesTab';
import { SecretsTab } from './SecretsTab';
import { SettingsTab } from './SettingsTab';
import { SpecTab } from './SpecTab';
import { LazyTrafficTab } from '../../traffic/LazyTrafficTab';
import { WorkloadsTab } from './WorkloadsTab';

export const kProjectTabs = [
  { id: 'overview', title: 'Overview' },
  { id: 'deployments', title: 'Deployments' },
  { id: 'workloads', title: 'Workloads' },
  { id: 'incidents', title: 'Incidents' },
  { id: 'resources', title: 'Resources' },
  { id: 'cost', title: 'Cost' },
  { id: 'traffic', title: 'Traffic' },
  { id: 'monitoring', title: 'Monitoring' },
  { id: 'spec', title: 'Spec' },
  { id: 'manifests', title: 'Manifests' },
  { id: 'policy', title: 'Policy' },
  { id: 'config', title: 'Config' },
  { id: 'secrets', title: 'Secrets' },
  { id: 'settings', title: 'Settings' },
] as const;

export type ProjectTabId = (typeof kProjectTabs)[number]['id'];

/** The tab named by the query parameter; unknown names fall back to Overview. */
export function tabOf(param: string | null): ProjectTabId {
  return kProjectTabs.find((t) => t.id === param)?.id ?? 'overview';
}

export function ProjectTabBar({ slug, active }: { slug: string; active: ProjectTabId }) {
  return (
    <nav className="tabs" aria-label="Project">
      {kProjectTabs.map((t) => (
        <Link
          key={t.id}
          to={t.id === 'overview' ? `/projects/${slug}` : `/projects/${slug}?tab=${t.id}`}
          className={t.id === active ? 'active' : undefined}
          aria-current={t.id === active ? 'page' : undefined}
        >
          {t.title}
        </Link>
      ))}
    </nav>
  );
}

/** The content of every tab but Overview (which ProjectPage renders itself). */
export function ProjectTabContent({ tab, project }: { tab: ProjectTabId; project: Project }) {
  switch (tab) {
    case 'deployments':
      return <DeploymentsTab project={project} />;
    case 'workloads':
      return <WorkloadsTab project={project} />;
    case 'incidents':
      return <ProjectIncidentsTab project={project} />;
    case 'resources':
      return <ResourcesTab project={project} />;
    case 'cost':
      return <LazyCostTab project={project.slug} />;
    case 'traffic':
      return <LazyTrafficTab project={project.slug} />;
    case 'monitoring':
      return <LazyMonitoringTab project={project.slug} />;
    case 'spec':
      return <SpecTab project={project} />;
    case 'manifests':
      return <ManifestsTab project={project} />;
    case 'policy':
      return <PolicyTab project={project} />;
    case 'config':
      return <ConfigTab project={project} />;
    case 'secrets':
      return <SecretsTab project={project} />;
    case 'settings':
      return <SettingsTab project={project} />;
    default:
      return null;
  }
}
