import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Project } from '../../api';
import { TagList } from '../../components/Badges';
import { Time } from '../../components/Time';

function None() {
  return <span className="muted">—</span>;
}

/** A link only when the URL is http(s); anything else is shown as text. */
export function SafeLink({ url, children }: { url: string; children?: ReactNode }) {
  if (!/^https?:\/\//i.test(url)) return <span>{children ?? url}</span>;
  return (
    <a href={url} target="_blank" rel="noreferrer noopener">
      {children ?? url}
    </a>
  );
}

/** The project's catalog facts: owners, system, repository, on-call, namespaces, links. */
export function AboutCard({ project }: { project: Project }) {
  const owners = project.owners ?? [];
  const links = project.links ?? [];
  const namespaces = project.namespaces ?? [];
  return (
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
          <dt>Also owned by</dt>
          <dd data-testid="additional-owners">
            {owners.length === 0 ? (
              <None />
            ) : (
              owners.map((o, i) => (
                <span key={o}>
                  {i > 0 ? ', ' : null}
                  <Link to={`/teams/${o}`}>{o}</Link>
                </span>
              ))
            )}
          </dd>
          <dt>Type</dt>
          <dd>{project.type || <None />}</dd>
          <dt>System</dt>
          <dd data-testid="system">
            {project.system ? (
              <Link to={`/projects?system=${encodeURIComponent(project.system)}`}>
                {project.system}
              </Link>
            ) : (
              <None />
            )}
          </dd>
          <dt>Tags</dt>
          <dd>
            <TagList tags={project.tags} />
          </dd>
          <dt>Repository</dt>
          <dd data-testid="repo-url">
            {project.repo_url ? <SafeLink url={project.repo_url} /> : <None />}
          </dd>
          <dt>On-call</dt>
          <dd data-testid="oncall">{project.oncall || <None />}</dd>
          <dt>Namespaces</dt>
          <dd data-testid="namespaces">
            {namespaces.length === 0 ? (
              <None />
            ) : (
              namespaces.map((n) => (
                <div key={`${n.cluster}/${n.namespace}`} className="mono">
                  {n.cluster ? `${n.cluster}/` : '*/'}
                  {n.namespace}
                </div>
              ))
            )}
          </dd>
          <dt>Links</dt>
          <dd data-testid="links">
            {links.length === 0 ? (
              <None />
            ) : (
              links.map((l) => (
                <div key={l.url}>
                  <SafeLink url={l.url}>{l.title || l.url}</SafeLink>
                </div>
              ))
            )}
          </dd>
          {project.location ? (
            <>
              <dt>Imported from</dt>
              <dd className="mono small" data-testid="location">
                {project.location}
              </dd>
            </>
          ) : null}
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
  );
}
