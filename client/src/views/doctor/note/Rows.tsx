// A list of rows the doctor adds to and removes from (systems reviewed, examination findings,
// differential diagnoses, referrals): each row's fields are numbered in their labels, so a screen
// reader says which row a field belongs to, and each row has its own remove button.
import type { ReactNode } from 'react';

interface Props<T> {
  legend: string;
  /** What one row is called in the buttons ("system" → "Add system", "Remove system 2"). */
  noun: string;
  rows: T[];
  blank: () => T;
  onChange: (rows: T[]) => void;
  /** The fields of row `n` (1-based); `change` updates that row. */
  children: (row: T, n: number, change: (patch: Partial<T>) => void) => ReactNode;
}

export function Rows<T>({ legend, noun, rows, blank, onChange, children }: Props<T>) {
  return (
    <fieldset className="rows">
      <legend>{legend}</legend>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <div className="row dx" key={i}>
          {children(row, i + 1, (patch) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r))))}
          <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove {noun} {i + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, blank()])}>
        Add {noun}
      </button>
    </fieldset>
  );
}
