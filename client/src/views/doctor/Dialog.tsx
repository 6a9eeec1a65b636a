// A modal question with a few answers, on the native <dialog>: showModal() makes the rest of the
// page inert and traps focus, Escape answers "cancel", and the dialog is named by its title and
// described by its text for screen readers. Used to confirm No-show and Complete and to ask what
// to do with an unsaved note.
import { type ReactNode, useEffect, useId, useRef } from 'react';

export interface Choice {
  label: string;
  onChoose: () => void;
  kind?: 'primary' | 'danger';
  /** The answer focused when the dialog opens: the safe one for a step that cannot be undone. */
  focus?: boolean;
}

interface Props {
  title: string;
  children: ReactNode;
  choices: Choice[];
  /** Escape: the same as the answer that changes nothing. */
  onCancel: () => void;
}

export function Dialog({ title, children, choices, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLButtonElement>('button[data-focus]')?.focus();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="card ask"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-text`}>{children}</div>
      <div className="row actions">
        {choices.map((c) => (
          <button key={c.label} type="button" className={c.kind} data-focus={c.focus ? '' : undefined} onClick={c.onChoose}>
            {c.label}
          </button>
        ))}
      </div>
    </dialog>
  );
}
