// Pieces every feedback view uses: one request at a time with its error, the error as a sentence,
// and the "Show more" of a paged list.
import { useCallback, useState } from 'react';
import { sentenceFor } from '../../lib/errors';

/** Runs a form's request: `busy` while it runs, and its error (or a sentence of ours) to show. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/** The error of an action, read out when it appears: our own sentence, or the hub's code as one. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {typeof error === 'string' ? error : sentenceFor(error)}
    </p>
  );
}

/** The next (older) page of a list, while there is one. */
export function ShowMore({ list }: { list: { next: string | null; loading: boolean; more: () => Promise<void> } }) {
  if (!list.next) return null;
  return (
    <div className="row">
      <button type="button" onClick={() => void list.more()} disabled={list.loading}>
        {list.loading ? 'Loading…' : 'Show more'}
      </button>
    </div>
  );
}
