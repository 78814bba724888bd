import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page, PageParams } from '../api';

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
  loading: boolean;
  error: Error | null;
  /** Fetches the page after the last one shown. */
  loadMore: () => void;
  /** Starts again from the first page. */
  reload: () => void;
}

/**
 * A cursor-paged list. `fetchPage` is called with the cursor; whenever `key`
 * changes (e.g. the search text), the list restarts from the first page.
 * Answers to superseded requests are ignored.
 */
export function usePaged<T>(
  fetchPage: (params: PageParams) => Promise<Page<T>>,
  key: string,
): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((cursor: string | null) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    fetchRef
      .current({ cursor })
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((old) => (cursor ? [...old, ...page.items] : page.items));
        setNextCursor(page.next_cursor ?? null);
      })
      .catch((e: Error) => {
        if (mine === generation.current) setError(e);
      })
      .finally(() => {
        if (mine === generation.current) setLoading(false);
      });
  }, []);

  useEffect(() => load(null), [key, load]);
  const reload = useCallback(() => load(null), [load]);

  return {
    items,
    nextCursor,
    loading,
    error,
    loadMore: () => {
      if (nextCursor) load(nextCursor);
    },
    reload,
  };
}
