import { useCallback, useEffect, useState } from 'react';
import type { ApiResult } from './api-client';

/** Loads something from the hub on mount and on `reload()`; keeps the last good value while reloading. */
export function useLoad<T>(load: () => Promise<ApiResult<T>>): {
  value: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
} {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    void load().then((result) => {
      if (!live) return;
      setLoading(false);
      if (result.ok) {
        setValue(result.value);
        setError(undefined);
      } else setError(result.message);
    });
    return () => {
      live = false;
    };
    // `load` is a new closure each render, so it is not a dependency: reload only when asked.
  }, [generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { value, error, loading, reload };
}
