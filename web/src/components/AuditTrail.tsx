import { forwardRef, useCallback, useImperativeHandle } from 'react';
import * as api from '../api';
import type { PageParams } from '../api';
import { usePaged } from '../hooks/usePaged';
import { EventsTable } from './EventsTable';
import { ErrorBanner } from './Field';
import { LoadMore } from './LoadMore';

export interface AuditTrailHandle {
  /** Loads the newest events again, e.g. after a change made on the page. */
  reload: () => void;
}

/** The audit events of one subject (`project:web`, `team:ads`), newest first. */
export const AuditTrail = forwardRef<AuditTrailHandle, { subject: string }>(function AuditTrail(
  { subject },
  ref,
) {
  const fetchPage = useCallback((p: PageParams) => api.listAudit({ ...p, subject }), [subject]);
  const audit = usePaged(fetchPage, subject);
  useImperativeHandle(ref, () => ({ reload: audit.reload }), [audit.reload]);
  return (
    <section className="box">
      <div className="box-header">
        <h2>Audit trail</h2>
      </div>
      <ErrorBanner error={audit.error} />
      <EventsTable events={audit.items} hideSubject />
      {!audit.loading && audit.items.length === 0 && !audit.error ? (
        <div className="empty">No events.</div>
      ) : null}
      <LoadMore cursor={audit.nextCursor} loading={audit.loading} onClick={audit.loadMore} />
    </section>
  );
});
