// Asking the doctor for a refill: folded until opened, an optional note, Send.
import { type FormEvent, useId, useState } from 'react';
import { api } from '../../../lib/api';
import type { Prescription } from '../../../lib/contract';
import { Problem } from '../bits';

export function RefillForm({ p, onSent }: { p: Prescription; onSent: () => Promise<void> }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await api('POST', `/api/prescriptions/${p.id}/refill-requests`, note.trim() ? { note: note.trim() } : {});
      setOpen(false);
      setNote('');
      await onSent();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Request a refill of {p.number}
      </button>
    );
  return (
    <form className="refill-form" onSubmit={send}>
      <div className="field">
        <label htmlFor={`${id}-note`}>Note to the doctor (optional)</label>
        <textarea id={`${id}-note`} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </div>
      <Problem error={problem} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Send refill request
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Not now
        </button>
      </div>
    </form>
  );
}
