import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import type { ApiError, Project } from '../../api';
import { AuditTrail, type AuditTrailHandle } from '../../components/AuditTrail';
import { LifecycleBadge } from '../../components/Badges';
import { ErrorBanner } from '../../components/Field';
import { NotFoundPage } from '../../components/NotFoundPage';
import { ResourcesCard } from '../../components/ResourcesCard';
import { canCreateProjects, useSession } from '../../session';
import { AboutCard } from './AboutCard';
import { EditProjectForm } from './EditProjectForm';
import { OwnershipCard } from './OwnershipCard';
import { RelationsCard } from './RelationsCard';
import { NextSteps } from './NextSteps';
import { ScorecardCard } from './ScorecardCard';
import { ProjectTabBar, ProjectTabContent, tabOf } from './ProjectTabs';
import { ProjectAlertsBadge } from '../alerts/ProjectAlertsBadge';

function OrphanBanner({ project }: { project: Project }) {
  if (!project.orphaned) return null;
  return (
    <div className="flash flash-warn" role="alert" data-testid="orphan-banner">
      <strong>Needs an owner.</strong> {project.orphaned_reason || 'Nobody owns this project.'}
    </div>
  );
}

export function ProjectPage() {
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const { user } = useSession();
  const [project, setProject] = useState<Project | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState(false);

  const load = useCallback(() => {
    return api
      .getProject(slug)
      .then((p) => {
        setProject(p);
        setError(null);
      })
      .catch((e: ApiError) => setError(e));
  }, [slug]);

  useEffect(() => {
    setProject(null);
    setError(null);
    let live = true;
    api
      .getProject(slug)
      .then((p) => live && setProject(p))
      .catch((e: ApiError) => live && setError(e));
    return () => {
      live = false;
    };
  }, [slug]);

  const trail = useRef<AuditTrailHandle>(null);
  const tab = tabOf(params.get('tab'));

  if (error?.status === 404) return <NotFoundPage what="project" />;
  if (error) return <ErrorBanner error={error} />;
  if (!project) return <div className="muted">Loading…</div>;

  return (
    <div>
      <div className="breadcrumbs">
        <Link to="/projects">Projects</Link> / <span className="strong">{project.slug}</span>
      </div>
      <div className="page-head">
        <h1 className="title-with-badges">
          <span data-testid="project-name">{project.name}</span>
          <LifecycleBadge lifecycle={project.lifecycle} />
          <ProjectAlertsBadge slug={project.slug} />
        </h1>
        {tab === 'overview' && canCreateProjects(user) && !editing ? (
          <button className="btn" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
      </div>
      <OrphanBanner project={project} />
      <ProjectTabBar slug={project.slug} active={tab} />
      {tab !== 'overview' ? <ProjectTabContent tab={tab} project={project} /> : null}
      {tab === 'overview' && editing ? (
        <EditProjectForm
          project={project}
          onCancel={() => setEditing(false)}
          onSaved={(p) => {
            setProject(p);
            setEditing(false);
            trail.current?.reload();
          }}
        />
      ) : null}
      {tab === 'overview' ? <NextSteps slug={project.slug} /> : null}
      {tab === 'overview' ? (
        <div className="layout-split">
          <div>
            <AboutCard project={project} />
            <OwnershipCard
              slug={project.slug}
              owner={project.owner_team}
              canTransfer={canCreateProjects(user)}
              startTransfer={params.get('transfer') === '1'}
              onTransferred={() => {
                void load();
                trail.current?.reload();
              }}
            />
          </div>
          <div>
            <ScorecardCard slug={project.slug} owner={project.owner_team} />
            <RelationsCard slug={project.slug} />
            <ResourcesCard project={project.slug} />
            <AuditTrail ref={trail} subject={`project:${project.slug}`} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
