// Cancelling a visit, always with a reason the clinic can read later.
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Appointment } from '../../lib/contract';
import { Problem } from './errors';

interface Props {
  visit: Appointment;
  name: string;
  time: string;
  onClose: () => void;
  onDone: (message: string) => void;
}

export function CancelPanel({ visit, name, time, onClose, onDone }: Props) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return setProblem('Please give a reason for cancelling.');
    setBusy(true);
    setProblem(null);
    try {
      await api<Appointment>('POST', `/api/appointments/${visit.id}/cancel`, { reason: reason.trim() });
      onDone(`Cancelled ${name} at ${time}.`);
    } catch (err) {
      setProblem(err);
      setBusy(false);
    }
  }

  const onEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
  };

  return (
    <form className="reception-panel stack" aria-label={`Cancel ${name} at ${time}`} onSubmit={submit} onKeyDown={onEscape}>
      <Field label="Reason for cancelling">
        <input ref={input} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Problem error={problem} />
      <div className="row">
        <button type="submit" className="danger" disabled={busy}>
          {busy ? 'Cancelling…' : 'Cancel visit'}
        </button>
        <button type="button" onClick={onClose}>
          Keep visit
        </button>
      </div>
    </form>
  );
}
