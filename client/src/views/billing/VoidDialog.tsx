// Voiding a line or a whole invoice: always with a reason the clinic can read later. The dialog
// refuses to send without one (the hub would too) and says so beside the field.
import { type ReactNode, useId, useRef, useState } from 'react';
import type { Invoice } from '../../lib/contract';
import { ModalForm } from './ModalForm';

interface Props {
  title: string;
  reasonLabel: string;
  confirm: string;
  /** What voiding means here, read with the title. */
  children: ReactNode;
  onConfirm: (reason: string) => Promise<Invoice>;
  onDone: (invoice: Invoice) => void;
  onCancel: () => void;
}

export const NEED_REASON = 'Give a reason: it is kept with the invoice.';

export function VoidDialog({ title, reasonLabel, confirm, children, onConfirm, onDone, onCancel }: Props) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  async function submit() {
    if (!reason.trim()) {
      setMissing(true);
      field.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await onConfirm(reason.trim()));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <ModalForm title={title} confirm={confirm} danger busy={busy} error={error} onSubmit={submit} onCancel={onCancel}>
      <div>{children}</div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{reasonLabel}</label>
        <textarea
          ref={field}
          id={`${id}-reason`}
          value={reason}
          maxLength={500}
          required
          aria-invalid={missing && !reason.trim() ? true : undefined}
          aria-describedby={missing && !reason.trim() ? `${id}-missing` : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
        {missing && !reason.trim() ? (
          <p className="error" id={`${id}-missing`} role="alert">
            {NEED_REASON}
          </p>
        ) : null}
      </div>
    </ModalForm>
  );
}
