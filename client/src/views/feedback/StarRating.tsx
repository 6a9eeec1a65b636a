// One question of the form as 1–5 stars: a native radio group in a fieldset, so arrow keys move
// between the stars, the legend names the group, and a screen reader hears "4 stars: Good, 4 of 5".
// The radios are see-through over large star labels (44 px and more, for fingers); the focused
// star gets the visible focus ring. An optional question has a sixth choice, "Skip", chosen at
// first, because a radio group cannot be emptied again once something is chosen.
import { useId } from 'react';
import { STAR_WORD, stars } from './words';

interface Props {
  legend: string;
  name: string;
  value: number | null;
  onChange: (value: number | null) => void;
  required?: boolean;
  /** Shown under the legend when the question was left unanswered on submit. */
  problem?: string | null;
  disabled?: boolean;
}

export function StarRating({ legend, name, value, onChange, required = false, problem, disabled }: Props) {
  const id = useId();
  return (
    <fieldset className="stars" aria-describedby={problem ? `${id}-problem` : undefined} disabled={disabled}>
      <legend>
        {legend}
        {required ? <span className="muted"> (required)</span> : <span className="muted"> (optional)</span>}
      </legend>
      <div className="star-row">
        {[1, 2, 3, 4, 5].map((n) => (
          <span key={n} className="star">
            <input
              type="radio"
              id={`${id}-${n}`}
              name={name}
              value={n}
              checked={value === n}
              required={required}
              aria-invalid={problem ? true : undefined}
              onChange={() => onChange(n)}
            />
            <label htmlFor={`${id}-${n}`} className={value !== null && n <= value ? 'on' : undefined}>
              {/* Filled or hollow, not only another colour. */}
              <span aria-hidden="true">{value !== null && n <= value ? '★' : '☆'}</span>
              <span className="sr-only">{`${stars(n)}: ${STAR_WORD[n]}`}</span>
            </label>
          </span>
        ))}
        {required ? null : (
          <span className="star no-stars">
            <input type="radio" id={`${id}-skip`} name={name} value="" checked={value === null} onChange={() => onChange(null)} />
            <label htmlFor={`${id}-skip`}>Skip</label>
          </span>
        )}
      </div>
      <p className="star-said" aria-hidden="true">
        {value === null ? (required ? 'Choose 1 to 5 stars' : 'Not rated') : `${value} of 5: ${STAR_WORD[value]}`}
      </p>
      {problem ? (
        <p className="error" id={`${id}-problem`}>
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
