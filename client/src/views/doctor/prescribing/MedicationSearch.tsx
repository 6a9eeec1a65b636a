// The medicine typeahead: an ARIA 1.2 combobox (the text field keeps focus, the highlighted option
// is named by aria-activedescendant) over the catalogue, searched as the doctor types (debounced:
// one request per pause, not per key) at the visit's location, so stock shows before saving.
// Arrow keys move, Enter picks, Escape closes; a click or tap picks too.
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { api } from '../../../lib/api';
import type { Medication, MedicationList } from '../../../lib/contract';
import { formWords, stockWords } from '../../../lib/prescriptions';
import { Problem } from '../Problem';

const PAUSE_MS = 200;

interface Props {
  locationId: string;
  onPick: (m: Medication) => void;
  /** The field's label: the prescribing panel's "Add a medicine" unless said (the pharmacy's substitute, a delivery). */
  label?: string;
}

export function MedicationSearch({ locationId, onPick, label = 'Add a medicine' }: Props) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Medication[] | null>(null);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const asked = useRef(0);

  useEffect(() => {
    const words = query.trim();
    if (!words) {
      setFound(null);
      return;
    }
    const mine = ++asked.current;
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ query: words, locationId, limit: '10' });
      api<MedicationList>('GET', `/api/medications?${params}`)
        .then(({ medications }) => {
          // An answer to an older query arriving late is dropped.
          if (mine !== asked.current) return;
          setFound(medications);
          setActive(medications.length ? 0 : -1);
          setError(null);
        })
        .catch((err) => mine === asked.current && setError(err));
    }, PAUSE_MS);
    return () => clearTimeout(timer);
  }, [query, locationId]);

  const pick = (m: Medication) => {
    onPick(m);
    setQuery('');
    setFound(null);
    setOpen(false);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = found?.length ?? 0;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? n - 1 : a - 1));
    } else if (e.key === 'Enter') {
      // Enter in the search never submits the prescription form around it.
      e.preventDefault();
      if (open && found?.[active]) pick(found[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  };

  const shown = open && found !== null;
  const listed = shown && found.length > 0;
  return (
    <div className="med-search">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={listed}
        aria-controls={`${id}-list`}
        aria-activedescendant={listed && active >= 0 ? `${id}-opt-${active}` : undefined}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKey}
        onBlur={() => setOpen(false)}
      />
      <small id={`${id}-hint`} className="muted">
        Type a brand or generic name and strength, e.g. “amox 500”; arrow keys choose, Enter picks.
      </small>
      <div id={`${id}-list`} role="listbox" aria-label="Matching medicines" className="med-options" hidden={!listed}>
        {found?.map((m, i) => (
          <div
            key={m.id}
            id={`${id}-opt-${i}`}
            role="option"
            // Focus stays in the text field (aria-activedescendant); -1 only makes the option focusable by script.
            tabIndex={-1}
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            // Picked on mousedown: a click would come after the field's blur had closed the list.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(m);
            }}
          >
            <Option m={m} />
          </div>
        ))}
      </div>
      <p className="muted med-none" role="status">
        {shown && found.length === 0 ? `No medicine in the catalogue matches “${query.trim()}”.` : ''}
      </p>
      <p className="sr-only" role="status">
        {listed ? `${found.length} ${found.length === 1 ? 'medicine' : 'medicines'} found` : ''}
      </p>
      <Problem error={error} />
    </div>
  );
}

function Option({ m }: { m: Medication }) {
  const stock = stockWords(m);
  return (
    <>
      <span className="med-name">
        <strong>{m.name}</strong> {m.strength} · {formWords(m.form)}
        {m.genericName.toLowerCase() !== m.name.toLowerCase() ? <span className="muted"> ({m.genericName})</span> : null}
      </span>
      <span className="med-tags">
        {m.requiresPrescription ? <span className="pill">Rx</span> : null}
        {m.controlled ? <span className="pill warn">Controlled</span> : null}
        {stock ? <span className={m.onHand ? 'stock' : 'stock out'}>{stock}</span> : null}
      </span>
    </>
  );
}
