import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import * as api from '../../api';
import type { PageParams, Team } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { useDebounced } from '../../hooks/useDebounced';
import { usePaged } from '../../hooks/usePaged';
import { canManageTeams, useSession } from '../../session';
import { NewTeamForm } from './NewTeamForm';

export function TeamsPage() {
  const { user } = useSession();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 250);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Team | null>(null);

  const fetchPage = useCallback((p: PageParams) => api.listTeams({ ...p, q: query }), [query]);
  const list = usePaged<Team>(fetchPage, query);

  return (
    <div>
      <div className="page-head">
        <h1>Teams</h1>
        {canManageTeams(user) && !creating ? (
          <button className="btn btn-primary" onClick={() => setCreating(true)}>
            New team
          </button>
        ) : null}
      </div>
      {created ? (
        <div className="flash flash-success" role="status">
          Team <Link to={`/teams/${created.slug}`}>{created.slug}</Link> created.
        </div>
      ) : null}
      {creating ? (
        <NewTeamForm
          onCancel={() => setCreating(false)}
          onCreated={(team) => {
            setCreating(false);
            setCreated(team);
            list.reload();
          }}
        />
      ) : null}
      <div className="filters">
        <input
          type="search"
          name="q"
          className="form-control filter-search"
          placeholder="Find a team…"
          aria-label="Search teams"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      <ErrorBanner error={list.error} />
      <div className="box">
        <table className="table" data-testid="teams-table">
          <thead>
            <tr>
              <th>Team</th>
              <th>Description</th>
              <th>Chat</th>
              <th className="num">Members</th>
              <th className="num">Projects</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((t) => (
              <tr key={t.slug} data-slug={t.slug}>
                <td>
                  <Link to={`/teams/${t.slug}`} className="strong">
                    {t.name}
                  </Link>
                  <div className="muted small mono">{t.slug}</div>
                </td>
                <td className="muted">{t.description}</td>
                <td className="muted">{t.chat_channel}</td>
                <td className="num">{t.member_count}</td>
                <td className="num">{t.project_count}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!list.loading && list.items.length === 0 && !list.error ? (
          <div className="empty">{query ? 'No teams match.' : 'No teams yet.'}</div>
        ) : null}
      </div>
      <LoadMore cursor={list.nextCursor} loading={list.loading} onClick={list.loadMore} />
    </div>
  );
}
