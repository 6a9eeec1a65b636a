// How late a doctor is running: every ETA of their queue (and the waiting-room board) shifts.
import { type FormEvent, useEffect, useState } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Delay, Doctor } from '../../lib/contract';
import { Problem } from './errors';

interface Props {
  doctor: Doctor;
  /** The delay the live board shows now; null until the board has arrived. */
  current: number | null;
  onNotice: (message: string) => void;
}

export function DelayControl({ doctor, current, onNotice }: Props) {
  const [minutes, setMinutes] = useState(String(current ?? 0));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  useEffect(() => setMinutes(String(current ?? 0)), [current]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const value = Number(minutes);
    if (!Number.isInteger(value) || value < 0 || value > 240) return setProblem('The delay is a whole number of minutes from 0 to 240.');
    setBusy(true);
    setProblem(null);
    try {
      const answer = await api<Delay>('PUT', `/api/doctors/${doctor.id}/delay`, { minutes: value });
      onNotice(
        answer.delayMinutes
          ? `${doctor.displayName} is running ${answer.delayMinutes} minutes late; waiting times now include it.`
          : `${doctor.displayName} is on time again.`,
      );
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" aria-labelledby="delay-title" onSubmit={submit}>
      <h2 id="delay-title">Running late</h2>
      <p className="muted">
        {current === null
          ? 'Checking…'
          : current
            ? `${doctor.displayName} is ${current} minutes behind.`
            : `${doctor.displayName} is on time.`}
      </p>
      <div className="row reception-delay">
        <Field label="Delay in minutes">
          <input
            type="number"
            min={0}
            max={240}
            step={5}
            inputMode="numeric"
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
          />
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Set delay'}
        </button>
      </div>
      <Problem error={problem} />
    </form>
  );
}
