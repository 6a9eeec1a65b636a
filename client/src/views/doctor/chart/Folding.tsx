// A form behind a toggle button, as the chart's small forms and its upload use it: `post` sends
// it and says what was done, or throws (a sentence, or the API's error) to show beside the form.
import { type FormEvent, type ReactNode, useState } from 'react';
import { Problem } from '../Problem';

/** A form behind a toggle button: `post` sends it and says what was added, or throws (a sentence, or the API's error). */
export function Folding({
  title,
  children,
  post,
  submit: submitLabel = title,
  busyLabel = title,
}: {
  title: string;
  children: ReactNode;
  post: () => Promise<string>;
  /** The submit button's words (the title by default), and while sending. */
  submit?: string;
  busyLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [done, setDone] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      setDone(await post());
      setOpen(false);
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="chart-form">
      {open ? (
        <form className="stack" onSubmit={submit} aria-label={title}>
          {children}
          <Problem error={problem} />
          <div className="row">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? busyLabel : submitLabel}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => {
            setOpen(true);
            setDone('');
          }}
        >
          {title}…
        </button>
      )}
      <span className="ok" role="status">
        {done}
      </span>
    </div>
  );
}
