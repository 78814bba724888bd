import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api';

export interface Submit {
  /** True while an action runs: disable the form's buttons. */
  busy: boolean;
  /** The last action's error (field errors name `error.field`); cleared when the next starts. */
  error: ApiError | null;
  setError: (error: ApiError | null) => void;
  /** Runs `action`, keeping `busy` and `error` up to date. */
  run: (action: () => Promise<void>) => Promise<void>;
}

/** The busy flag and API error of a form or button that calls the API. */
export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // A successful action often closes the form that ran it: nothing to update then.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      if (mounted.current) setError(err as ApiError);
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
