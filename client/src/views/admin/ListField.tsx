// A field holding several values (a doctor's specialties, their languages): the values as a list,
// each with its own Remove (and, when the first one counts as the main one, Make main), and a text
// box with suggestions whose Enter or Add button adds what is typed. Each change is read out in a
// polite live line, and the focus goes back to the text box when the button used is gone.
import { type KeyboardEvent, useId, useRef, useState } from 'react';

interface Props {
  label: string;
  hint?: string;
  values: string[];
  onChange: (values: string[]) => void;
  /** Offered while typing (a datalist): value and the words shown for it. */
  suggestions: { value: string; label?: string }[];
  /** How a value is shown ("de" → "German"); the value itself by default. */
  show?: (value: string) => string;
  /** The first value is the main one: marked, and any other can be made main. */
  mainFirst?: boolean;
  /** A sentence when the typed value cannot be added, else null. */
  check?: (value: string) => string | null;
  max: number;
}

export function ListField({ label, hint, values, onChange, suggestions, show = (v) => v, mainFirst, check, max }: Props) {
  const id = useId();
  const box = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState('');

  function add() {
    const typed = text.trim();
    // A suggestion may be typed by its words ("German") as well as its value ("de").
    const value = suggestions.find((s) => s.label?.toLowerCase() === typed.toLowerCase())?.value ?? typed;
    if (!value) return;
    const refused = values.some((v) => v.toLowerCase() === value.toLowerCase())
      ? `${show(value)} is in the list already.`
      : values.length >= max
        ? `At most ${max}.`
        : (check?.(value) ?? null);
    setProblem(refused ?? '');
    if (refused) return;
    onChange([...values, value]);
    setText('');
    setNote(`${show(value)} added.`);
  }
  function remove(value: string) {
    onChange(values.filter((v) => v !== value));
    setNote(`${show(value)} removed.`);
    box.current?.focus();
  }
  function makeMain(value: string) {
    onChange([value, ...values.filter((v) => v !== value)]);
    setNote(`${show(value)} is the main one now.`);
    box.current?.focus();
  }
  const keys = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault(); // adds the value instead of sending the whole form
    add();
  };

  return (
    <fieldset className="admin-group admin-list" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>{label}</legend>
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
      {values.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul aria-label={label}>
          {values.map((v, i) => (
            <li key={v}>
              <span>
                {show(v)}
                {mainFirst && i === 0 ? <span className="muted"> (main)</span> : null}
              </span>
              {mainFirst && i > 0 ? (
                <button type="button" onClick={() => makeMain(v)}>
                  Make main<span className="sr-only"> {show(v)}</span>
                </button>
              ) : null}
              <button type="button" onClick={() => remove(v)}>
                Remove<span className="sr-only"> {show(v)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row admin-list-add">
        <label htmlFor={`${id}-box`} className="sr-only">
          Add to {label.toLowerCase()}
        </label>
        <input
          ref={box}
          id={`${id}-box`}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setProblem('');
          }}
          onKeyDown={keys}
          list={`${id}-suggestions`}
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </datalist>
        <button type="button" onClick={add}>
          Add<span className="sr-only"> to {label.toLowerCase()}</span>
        </button>
      </div>
      {problem ? (
        <p id={`${id}-problem`} className="error">
          {problem}
        </p>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {note}
      </p>
    </fieldset>
  );
}
