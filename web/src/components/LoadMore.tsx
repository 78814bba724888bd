/** The "Load more" button under a cursor-paged list. */
export function LoadMore(props: { cursor: string | null; loading: boolean; onClick: () => void }) {
  if (!props.cursor && !props.loading) return null;
  return (
    <div className="load-more">
      {props.cursor ? (
        <button className="btn" onClick={props.onClick} disabled={props.loading}>
          {props.loading ? 'Loading…' : 'Load more'}
        </button>
      ) : (
        <span className="muted">Loading…</span>
      )}
    </div>
  );
}
