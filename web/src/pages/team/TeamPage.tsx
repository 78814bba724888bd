import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import * as api from '../../api';
import type { ApiError, TeamDetail } from '../../api';
import { AuditTrail, type AuditTrailHandle } from '../../components/AuditTrail';
import { ErrorBanner } from '../../components/Field';
import { NotFoundPage } from '../../components/NotFoundPage';
import { ScoreBar, TeamStatusBadge } from '../../components/Badges';
import { ResourcesCard } from '../../components/ResourcesCard';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { canManageTeams, useSession } from '../../session';
import { AddMemberForm } from './AddMemberForm';
import { BudgetPanel } from '../../cost/BudgetPanel';
import { OverdueActionsPanel } from '../incidents/OverdueActionsPanel';
import { LazyCostTab } from '../../cost/LazyCostTab';
import { LazyTrafficTab } from '../../traffic/LazyTrafficTab';

export function TeamPage() {
  const { slug = '' } = useParams();
  const { user } = useSession();
  const [team, setTeam] = useState<TeamDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const manage = canManageTeams(user);

  const load = useCallback(() => {
    return api
      .getTeam(slug)
      .then((t) => {
        setTeam(t);
        setError(null);
      })
      .catch((e: ApiError) => setError(e));
  }, [slug]);

  useEffect(() => {
    setTeam(null);
    void load();
  }, [load]);

  const scores = useLoad(() => api.scorecards({ team: slug }), slug);
  const score = scores.data?.teams.find((t) => t.slug === slug)?.score;

  const trail = useRef<AuditTrailHandle>(null);
  const reloadAll = () => {
    void load();
    trail.current?.reload();
  };

  async function remove(login: string) {
    setActionError(null);
    try {
      await api.removeTeamMember(slug, login);
      reloadAll();
    } catch (e) {
      setActionError(e as ApiError);
    }
  }

  if (error?.status === 404) return <NotFoundPage what="team" />;
  if (error) return <ErrorBanner error={error} />;
  if (!team) return <div className="muted">Loading…</div>;

  return (
    <div>
      <div className="breadcrumbs">
        <Link to="/teams">Teams</Link> / <span className="strong">{team.slug}</span>
      </div>
      <div className="page-head">
        <h1 className="title-with-badges">
          <span data-testid="team-name">{team.name}</span>
          <TeamStatusBadge status={team.status} />
        </h1>
        {score !== undefined ? (
          <span data-testid="team-score" title="Scorecard score">
            <ScoreBar score={score} />
          </span>
        ) : null}
      </div>
      {team.status === 'dissolved' ? (
        <div className="flash flash-warn" role="alert">
          This team is no longer in the HR source
          {team.dissolved_at ? (
            <>
              {' '}
              (dissolved <Time value={team.dissolved_at} />)
            </>
          ) : null}
          ; its projects and resources need a new owner.
        </div>
      ) : null}
      <p className={team.description ? 'description' : 'description muted'}>
        {team.description || 'No description.'}
      </p>
      <dl className="props props-inline">
        <dt>Slug</dt>
        <dd className="mono">{team.slug}</dd>
        <dt>Chat</dt>
        <dd>{team.chat_channel || <span className="muted">—</span>}</dd>
        <dt>On-call</dt>
        <dd>{team.oncall || <span className="muted">—</span>}</dd>
        <dt>Parent</dt>
        <dd data-testid="team-parent">
          {team.parent ? (
            <Link to={`/teams/${team.parent}`}>{team.parent}</Link>
          ) : (
            <span className="muted">—</span>
          )}
        </dd>
        <dt>HR id</dt>
        <dd className="mono" data-testid="team-hr-id">
          {team.hr_id || <span className="muted">—</span>}
        </dd>
        <dt>Source</dt>
        <dd>{team.source ?? 'paved'}</dd>
        <dt>Created</dt>
        <dd>
          <Time value={team.created_at} />
        </dd>
      </dl>
      <div className="layout-split">
        <section className="box">
          <div className="box-header">
            <h2>
              Members <span className="counter">{team.members.length}</span>
            </h2>
          </div>
          <ErrorBanner error={actionError} />
          <table className="table" data-testid="members-table">
            <tbody>
              {team.members.map((m) => (
                <tr key={m.login} data-login={m.login}>
                  <td>
                    <span className="strong">{m.login}</span>
                  </td>
                  <td>
                    <span className="label">{m.role}</span>
                  </td>
                  {manage ? (
                    <td className="actions">
                      <button
                        className="btn btn-sm btn-danger"
                        onClick={() => void remove(m.login)}
                        aria-label={`Remove ${m.login}`}
                      >
                        Remove
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          {team.members.length === 0 ? <div className="empty">No members.</div> : null}
          {manage ? <AddMemberForm slug={team.slug} onAdded={reloadAll} /> : null}
        </section>
        <section className="box">
          <div className="box-header">
            <h2>
              Projects <span className="counter">{team.projects.length}</span>
            </h2>
          </div>
          <table className="table" data-testid="team-projects-table">
            <tbody>
              {team.projects.map((p) => (
                <tr key={p.slug}>
                  <td>
                    <Link to={`/projects/${p.slug}`} className="strong">
                      {p.name}
                    </Link>{' '}
                    <span className="muted small mono">{p.slug}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {team.projects.length === 0 ? <div className="empty">No projects.</div> : null}
        </section>
      </div>
      <ResourcesCard owner={team.slug} />
      <LazyCostTab team={team.slug} />
      <LazyTrafficTab team={team.slug} />
      <BudgetPanel team={team.slug} />
      <OverdueActionsPanel team={team.slug} />
      <AuditTrail ref={trail} subject={`team:${team.slug}`} />
    </div>
  );
}
