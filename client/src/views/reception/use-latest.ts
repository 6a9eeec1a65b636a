// Loads something over HTTP and keeps only the newest answer: a slow earlier request never
// overwrites a later one, and an answer is only ever shown for the question it answers (a new
// doctor or day shows "loading", never the previous day's data). `reload()` fetches again
// without blanking what is shown.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

interface Answer<T> {
  for: unknown;
  data: T | null;
  error: unknown;
}

export function useLatest<T>(load: (() => Promise<T>) | null): Loaded<T> {
  const [answer, setAnswer] = useState<Answer<T>>({ for: null, data: null, error: null });
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    if (!load) return;
    const n = ++latest.current;
    setLoading(true);
    try {
      const data = await load();
      if (n === latest.current) setAnswer({ for: load, data, error: null });
    } catch (error) {
      if (n === latest.current) setAnswer((before) => ({ for: load, data: before.for === load ? before.data : null, error }));
    } finally {
      if (n === latest.current) setLoading(false);
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const current = answer.for === load && load !== null;
  return { data: current ? answer.data : null, error: current ? answer.error : null, loading, reload };
}
