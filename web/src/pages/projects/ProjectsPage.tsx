import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import type { PageParams, Project, ProjectFacets } from '../../api';
import { LifecycleBadge } from '../../components/Badges';
import { ErrorBanner } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { Time } from '../../components/Time';
import { useDebounced } from '../../hooks/useDebounced';
import { usePaged } from '../../hooks/usePaged';
import { useTeamOptions } from '../../hooks/useTeams';
import { canCreateProjects, useSession } from '../../session';
import { FacetSidebar, type FacetName } from './FacetSidebar';
import { NewProjectForm } from './NewProjectForm';

export function ProjectsPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const owner = params.get('owner') ?? '';
  const lifecycle = params.get('lifecycle') ?? '';
  const tag = params.get('tag') ?? '';
  const system = params.get('system') ?? '';
  const [facets, setFacets] = useState<ProjectFacets | null>(null);
  const query = useDebounced(q.trim(), 250);
  const urlQ = params.get('q') ?? '';
  useEffect(() => {
    // Follow the URL when it changes from outside (nav link, back button).
    setQ((current) => (current.trim() === urlQ ? current : urlQ));
  }, [urlQ]);
  const teams = useTeamOptions();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Project | null>(null);

  const fetchPage = useCallback(
    async (p: PageParams) => {
      const first = !p.cursor;
      const page = await api.listProjects({
        ...p,
        q: query,
        owner,
        lifecycle,
        tag,
        system,
        facets: first,
      });
      if (first) setFacets(page.facets ?? null);
      return page;
    },
    [query, owner, lifecycle, tag, system],
  );
  const list = usePaged<Project>(fetchPage, [query, owner, lifecycle, tag, system].join('\n'));
  const filtered = !!(query || owner || lifecycle || tag || system);

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  return (
    <div>
      <div className="page-head">
        <h1>Projects</h1>
        {canCreateProjects(user) && !creating ? (
          <button className="btn btn-primary" onClick={() => setCreating(true)}>
            New project
          </button>
        ) : null}
      </div>
      {created ? (
        <div className="flash flash-success" role="status">
          Project <Link to={`/projects/${created.slug}`}>{created.slug}</Link> created.
        </div>
      ) : null}
      {creating ? (
        <NewProjectForm
          teams={teams}
          defaultOwner={owner || user.teams[0]}
          onCancel={() => setCreating(false)}
          onCreated={(project) => {
            setCreating(false);
            setCreated(project);
            list.reload();
          }}
        />
      ) : null}
      <div className="filters">
        <input
          type="search"
          name="q"
          className="form-control filter-search"
          placeholder="Find a project…"
          aria-label="Search projects"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setParam('q', e.target.value.trim());
          }}
        />
        <select
          name="owner"
          className="form-control filter-select"
          aria-label="Owner team"
          value={owner}
          onChange={(e) => setParam('owner', e.target.value)}
        >
          <option value="">All teams</option>
          {teams.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
          {owner && !teams.some((t) => t.slug === owner) ? (
            <option value={owner}>{owner}</option>
          ) : null}
        </select>
      </div>
      <ErrorBanner error={list.error} />
      <div className="layout-sidebar">
        <FacetSidebar
          facets={facets}
          selected={{ owner, lifecycle, tag, system }}
          onSelect={(facet: FacetName, value: string) => setParam(facet, value)}
        />
        <div>
          <div className="box">
            <table className="table" data-testid="projects-table">
              <thead>
                <tr>
                  <th>Project</th>
                  <th>Owner</th>
                  <th>Description</th>
                  <th className="col-time">Created</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((p) => (
                  <tr key={p.slug} data-slug={p.slug}>
                    <td>
                      <Link to={`/projects/${p.slug}`} className="strong">
                        {p.name}
                      </Link>{' '}
                      <LifecycleBadge lifecycle={p.lifecycle} />
                      {p.orphaned ? (
                        <span className="label label-danger">needs an owner</span>
                      ) : null}
                      <div className="muted small mono">{p.slug}</div>
                    </td>
                    <td>
                      <Link to={`/teams/${p.owner_team}`}>{p.owner_team}</Link>
                    </td>
                    <td className="muted">{p.description}</td>
                    <td className="col-time muted">
                      <Time value={p.created_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!list.loading && list.items.length === 0 && !list.error ? (
              <div className="empty">{filtered ? 'No projects match.' : 'No projects yet.'}</div>
            ) : null}
          </div>
          <LoadMore cursor={list.nextCursor} loading={list.loading} onClick={list.loadMore} />
        </div>
      </div>
    </div>
  );
}
