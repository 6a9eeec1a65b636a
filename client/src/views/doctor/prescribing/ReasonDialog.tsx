// A modal question that needs a written reason: prescribing despite an allergy, cancelling or
// correcting a signed prescription, denying a refill. The native <dialog> (showModal) makes the
// page behind it inert and traps focus; Escape is "Go back". The reason field is focused first
// and, when required, the answer stays disabled until something is written.
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Problem } from '../Problem';

interface Props {
  title: string;
  children?: ReactNode;
  reasonLabel: string;
  required: boolean;
  confirm: string;
  danger?: boolean;
  /** Resolves when done (the dialog is closed by the caller); a refusal is shown in the dialog. */
  onConfirm: (reason: string) => Promise<void>;
  onCancel: () => void;
}

export function ReasonDialog({ title, children, reasonLabel, required, confirm, danger, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLTextAreaElement>('textarea')?.focus();
    return () => dialog.close();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (required && !reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="card ask"
      aria-labelledby={`${id}-title`}
      aria-describedby={children ? `${id}-text` : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children ? <div id={`${id}-text`}>{children}</div> : null}
        <div className="field">
          <label htmlFor={`${id}-reason`}>{reasonLabel}</label>
          <textarea id={`${id}-reason`} value={reason} required={required} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </div>
        <Problem error={error} />
        <div className="row actions">
          <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy || (required && !reason.trim())}>
            {confirm}
          </button>
          <button type="button" onClick={onCancel}>
            Go back
          </button>
        </div>
      </form>
    </dialog>
  );
}
