import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  /** Fetches again, keeping the current data on screen until the answer arrives. */
  reload: () => void;
}

/**
 * The answer of `fetch`, fetched again whenever `key` changes. Answers to
 * superseded requests are ignored.
 */
export function useLoad<T>(fetch: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  const load = useCallback(() => {
    const mine = ++generation.current;
    setLoading(true);
    fetchRef
      .current()
      .then((answer) => {
        if (mine !== generation.current) return;
        setData(answer);
        setError(null);
      })
      .catch((e: Error) => {
        if (mine === generation.current) setError(e);
      })
      .finally(() => {
        if (mine === generation.current) setLoading(false);
      });
  }, []);

  useEffect(() => {
    setData(null);
    load();
  }, [key, load]);

  return { data, error, loading, reload: load };
}
