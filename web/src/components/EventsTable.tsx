import { Link } from 'react-router-dom';
import type { AuditEvent } from '../api';
import { Time } from './Time';

/** Where a subject such as "project:web" or "team:ads" is shown, if anywhere. */
export function subjectLink(subject: string): string | null {
  const colon = subject.indexOf(':');
  if (colon < 0) return null;
  const kind = subject.slice(0, colon);
  const name = encodeURIComponent(subject.slice(colon + 1));
  if (kind === 'project') return `/projects/${name}`;
  if (kind === 'team') return `/teams/${name}`;
  return null;
}

/** `name=Ledger owner_team=payments`; nested values are shown as JSON. */
export function summaryText(summary: AuditEvent['summary']): string {
  if (!summary || typeof summary !== 'object') return '';
  return Object.entries(summary)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

interface EventsTableProps {
  events: AuditEvent[];
  /** Hides the subject column, e.g. on a project's own page. */
  hideSubject?: boolean;
  /** Events shown with a "new" highlight (arrived live). */
  fresh?: Set<number>;
}

/** The audit events, newest first, as a table. */
export function EventsTable({ events, hideSubject, fresh }: EventsTableProps) {
  return (
    <table className="table events-table" data-testid="events-table">
      <thead>
        <tr>
          <th className="col-time">Time</th>
          <th>Actor</th>
          <th>Action</th>
          {hideSubject ? null : <th>Subject</th>}
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const link = subjectLink(event.subject);
          return (
            <tr
              key={event.seq}
              data-seq={event.seq}
              data-action={event.action}
              className={fresh?.has(event.seq) ? 'fresh' : undefined}
            >
              <td className="col-time">
                <Time value={event.time} />
              </td>
              <td>{event.actor}</td>
              <td>
                <code className="action">{event.action}</code>
              </td>
              {hideSubject ? null : (
                <td>{link ? <Link to={link}>{event.subject}</Link> : event.subject}</td>
              )}
              <td className="summary" title={summaryText(event.summary)}>
                {summaryText(event.summary)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
