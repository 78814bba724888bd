import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import * as api from '../../api/client';
import type { ApiError, Project } from '../../api/client';
import { AuditTrail, type AuditTrailHandle } from '../../components/AuditTrail';
import { ErrorBanner } from '../../components/Field';
import { NotFoundPage } from '../../components/NotFoundPage';
import { Time } from '../../components/Time';
import { canCreateProjects, useSession } from '../../session';
import { EditProjectForm } from './EditProjectForm';

export function ProjectPage() {
  const { slug = '' } = useParams();
  const { user } = useSession();
  const [project, setProject] = useState<Project | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    let live = true;
    setProject(null);
    setError(null);
    api
      .getProject(slug)
      .then((p) => live && setProject(p))
      .catch((e: ApiError) => live && setError(e));
    return () => {
      live = false;
    };
  }, [slug]);

  const trail = useRef<AuditTrailHandle>(null);

  if (error?.status === 404) return <NotFoundPage what="project" />;
  if (error) return <ErrorBanner error={error} />;
  if (!project) return <div className="muted">Loading…</div>;

  return (
    <div>
      <div className="breadcrumbs">
        <Link to="/projects">Projects</Link> / <span className="strong">{project.slug}</span>
      </div>
      <div className="page-head">
        <h1 data-testid="project-name">{project.name}</h1>
        {canCreateProjects(user) && !editing ? (
          <button className="btn" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
      </div>
      {editing ? (
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
      <div className="layout-split">
        <section className="box">
          <div className="box-header">
            <h2>About</h2>
          </div>
          <div className="box-body">
            <p className={project.description ? 'description' : 'description muted'}>
              {project.description || 'No description.'}
            </p>
            <dl className="props">
              <dt>Slug</dt>
              <dd className="mono">{project.slug}</dd>
              <dt>Owner team</dt>
              <dd>
                <Link to={`/teams/${project.owner_team}`} data-testid="owner-team">
                  {project.owner_team}
                </Link>
              </dd>
              <dt>Created by</dt>
              <dd>{project.created_by}</dd>
              <dt>Created</dt>
              <dd>
                <Time value={project.created_at} />
              </dd>
              <dt>Updated</dt>
              <dd>
                <Time value={project.updated_at} />
              </dd>
            </dl>
          </div>
        </section>
        <AuditTrail ref={trail} subject={`project:${project.slug}`} />
      </div>
    </div>
  );
}
