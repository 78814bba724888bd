import { Link, useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import { CheckMark, ScoreBar } from '../../components/Badges';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';
import { useTeamOptions } from '../../hooks/useTeams';
import { CatalogNav } from './CatalogNav';

/** Every project against every check, and the score of each team. */
export function ScorecardsPage() {
  const [params, setParams] = useSearchParams();
  const team = params.get('team') ?? '';
  const teams = useTeamOptions();
  const cards = useLoad(() => api.scorecards({ team: team || undefined }), team);
  const checks = cards.data?.checks ?? [];
  const projects = cards.data?.projects ?? [];
  const teamScores = cards.data?.teams ?? [];

  return (
    <div>
      <div className="page-head">
        <h1>Scorecards</h1>
      </div>
      <CatalogNav />
      <div className="filters">
        <select
          name="team"
          className="form-control filter-select"
          aria-label="Team"
          value={team}
          onChange={(e) =>
            setParams(e.target.value ? { team: e.target.value } : {}, { replace: true })
          }
        >
          <option value="">All teams</option>
          {teams.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      <ErrorBanner error={cards.error} />
      <div className="box scroll-x">
        <table className="table" data-testid="scorecards-table">
          <thead>
            <tr>
              <th>Project</th>
              <th>Owner</th>
              <th>Score</th>
              {checks.map((c) => (
                <th key={c.id} className="check-col" title={c.id}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.slug} data-slug={p.slug}>
                <td className="nowrap">
                  <Link to={`/projects/${p.slug}`} className="strong">
                    {p.slug}
                  </Link>
                </td>
                <td className="nowrap">
                  <Link to={`/teams/${p.owner_team}`}>{p.owner_team}</Link>
                </td>
                <td className="nowrap">
                  <ScoreBar score={p.score} />
                </td>
                {checks.map((c) => (
                  <td key={c.id} className="check-col" data-check={c.id}>
                    <CheckMark passed={p.checks[c.id]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {!cards.loading && !cards.error && projects.length === 0 ? (
          <div className="empty">No projects.</div>
        ) : null}
      </div>
      <div className="box form-box">
        <div className="box-header">
          <h2>Teams</h2>
        </div>
        <table className="table" data-testid="team-scores-table">
          <tbody>
            {teamScores.map((t) => (
              <tr key={t.slug} data-slug={t.slug}>
                <td>
                  <Link to={`/teams/${t.slug}`}>{t.slug}</Link>
                </td>
                <td>
                  <ScoreBar score={t.score} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!cards.loading && !cards.error && teamScores.length === 0 ? (
          <div className="empty">No teams.</div>
        ) : null}
      </div>
    </div>
  );
}
