import * as api from '../../api';
import { CheckMark, ScoreBar } from '../../components/Badges';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';

/** The project's row of the scorecards: each check passed (✓) or failed (✗). */
export function ScorecardCard({ slug, owner }: { slug: string; owner: string }) {
  const cards = useLoad(() => api.scorecards({ team: owner }), `${slug}\n${owner}`);
  const mine = cards.data?.projects.find((p) => p.slug === slug);
  return (
    <section className="box" data-testid="scorecard">
      <div className="box-header box-header-actions">
        <h2>Scorecard</h2>
        {mine ? <ScoreBar score={mine.score} /> : null}
      </div>
      <ErrorBanner error={cards.error} />
      {mine && cards.data ? (
        <table className="table">
          <tbody>
            {cards.data.checks.map((c) => (
              <tr key={c.id} data-check={c.id}>
                <td className="num">
                  <CheckMark passed={mine.checks[c.id]} />
                </td>
                <td>{c.title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : !cards.loading && !cards.error ? (
        <div className="empty">No scorecard.</div>
      ) : null}
    </section>
  );
}
