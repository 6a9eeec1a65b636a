// Dispensing one prescription, in a modal dialog (native <dialog>: the page behind is inert, focus
// stays inside, Escape goes back), one fieldset per medicine (DispenseItem.tsx). The location's
// stock is read when it opens, for the lots. A submit carries an Idempotency-Key made for that
// request and kept while the request stays the same, so "Try again" after a lost answer cannot
// dispense twice (the hub answers a repeated key with the first answer); a changed form gets a new key.

import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Dispense, Inventory, QueuePrescription, StockItem } from '../../lib/contract';
import { newClientMessageId } from '../../lib/ids';
import { Problem } from '../doctor/Problem';
import { DispenseItem } from './DispenseItem';
import { buildItems, type ItemChoice, pickableLots, startingChoice, todayAt } from './dispense-form';

interface Props {
  prescription: QueuePrescription;
  locationId: string;
  timeZone: string | undefined;
  onDone: (dispense: Dispense) => void;
  onCancel: () => void;
}

export function DispenseDialog({ prescription: p, locationId, timeZone, onDone, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const today = useMemo(() => todayAt(timeZone), [timeZone]);
  const [stock, setStock] = useState<ReadonlyMap<string, StockItem> | null>(null);
  const [choices, setChoices] = useState<ItemChoice[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The key of the last request sent and that request, to send the same key with the same request again. */
  const attempt = useRef<{ key: string; body: string } | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  useEffect(() => {
    api<Inventory>('GET', `/api/inventory?locationId=${encodeURIComponent(locationId)}`)
      .then(({ items }) => {
        const byMedicine = new Map(items.map((i) => [i.medicationId, i]));
        setStock(byMedicine);
        setChoices(
          p.items.filter((i) => i.remaining > 0).map((i) => startingChoice(i, pickableLots(byMedicine.get(i.medicationId), today))),
        );
      })
      .catch(setError);
  }, [locationId, p, today]);

  // Once the form is there, the first quantity takes the focus.
  useEffect(() => {
    if (stock) ref.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [stock]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = buildItems(p.items, choices);
    if (!built.ok) {
      setError(built.problem);
      return;
    }
    const body = JSON.stringify({ items: built.items });
    if (attempt.current?.body !== body) attempt.current = { key: newClientMessageId(), body };
    setBusy(true);
    setError(null);
    try {
      const done = await api<Dispense>('POST', `/api/prescriptions/${p.prescriptionId}/dispense`, JSON.parse(body), {
        headers: { 'Idempotency-Key': attempt.current.key },
      });
      onDone(done);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const open = p.items.filter((i) => i.remaining > 0);
  return (
    <dialog
      ref={ref}
      className="card ask dispense"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-who`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>Dispense {p.number}</h2>
        <p id={`${id}-who`}>
          For <strong>{p.patient.name}</strong>, prescribed by {p.doctor.name}
          {p.fillsRemaining > 1 ? ` · ${p.fillsRemaining} fills left including this one` : ''}
        </p>
        {stock ? (
          open.map((item) => {
            const choice = choices.find((c) => c.itemId === item.itemId);
            return choice ? (
              <DispenseItem
                key={item.itemId}
                item={item}
                choice={choice}
                stock={stock}
                today={today}
                locationId={locationId}
                onChange={(next) => setChoices((all) => all.map((c) => (c.itemId === next.itemId ? next : c)))}
              />
            ) : null;
          })
        ) : error ? null : (
          <Loading what="Reading the stock" />
        )}
        <Problem error={error} />
        <div className="row actions">
          <button type="submit" className="primary" disabled={busy || !stock}>
            {busy ? 'Dispensing…' : error && attempt.current ? 'Try again' : 'Dispense'}
          </button>
          <button type="button" onClick={onCancel} disabled={busy}>
            Go back
          </button>
        </div>
      </form>
    </dialog>
  );
}
