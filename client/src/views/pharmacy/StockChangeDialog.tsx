// A change to one lot or one medicine's stock, in a modal dialog like the console's questions:
// - adjust: add or remove units with a required reason (a breakage, a return to the supplier);
//   the hub refuses to go below zero (INSUFFICIENT_STOCK, shown here);
// - count: the units counted on the shelf; the hub records the difference as an adjustment;
// - minimum: the level below which the medicine is low and goes on the reorder list.

import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { StockItem, StockLot } from '../../lib/contract';
import { fullDate } from '../../lib/datetime';
import { Problem } from '../doctor/Problem';

export type StockChange =
  | { kind: 'adjust'; item: StockItem; lot: StockLot }
  | { kind: 'count'; item: StockItem; lot: StockLot }
  | { kind: 'minimum'; item: StockItem };

interface Props {
  change: StockChange;
  locationId: string;
  onDone: (said: string) => void;
  onCancel: () => void;
}

const TITLES = { adjust: 'Adjust stock', count: 'Record a count', minimum: 'Set the minimum level' } as const;

export function StockChangeDialog({ change, locationId, onDone, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [number, setNumber] = useState(change.kind === 'minimum' ? String(change.item.minimum ?? '') : '');
  const [returned, setReturned] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLInputElement>('input')?.focus();
    return () => dialog.close();
  }, []);

  const { item } = change;
  const what = `${item.name} ${item.strength}`;
  const send = async (value: number) => {
    if (change.kind === 'minimum') {
      await api('PUT', '/api/inventory/levels', { locationId, medicationId: item.medicationId, minimum: value });
      return `${what}: minimum set to ${value}.`;
    }
    if (change.kind === 'count') {
      const counted = await api<{ delta: number; onHand: number }>('POST', '/api/inventory/counts', {
        lotId: change.lot.id,
        counted: value,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      return `Batch ${change.lot.batchNumber}: counted ${value} (${counted.delta >= 0 ? '+' : ''}${counted.delta}).`;
    }
    const body = { lotId: change.lot.id, delta: value, reason: reason.trim(), ...(returned ? { kind: 'returned' } : {}) };
    const adjusted = await api<{ onHand: number }>('POST', '/api/inventory/adjustments', body);
    return `Batch ${change.lot.batchNumber}: ${value > 0 ? '+' : ''}${value}, now ${adjusted.onHand} on hand.`;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = number.trim();
    const value = Number(text);
    const whole = /^-?\d+$/.test(text) && Number.isSafeInteger(value);
    if (!whole || (change.kind !== 'adjust' && value < 0)) return setProblem('Enter a whole number.');
    if (change.kind === 'adjust' && value === 0) return setProblem('An adjustment adds or removes at least one unit.');
    if (change.kind === 'adjust' && !reason.trim()) return setProblem('Give the reason for the adjustment.');
    setBusy(true);
    setProblem(null);
    try {
      onDone(await send(value));
    } catch (err) {
      setProblem(err);
      setBusy(false);
    }
  };

  const label =
    change.kind === 'adjust'
      ? 'Units to add (negative to remove)'
      : change.kind === 'count'
        ? 'Units counted on the shelf'
        : 'Minimum units to keep';
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
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{TITLES[change.kind]}</h2>
        <p id={`${id}-text`}>
          <strong>{what}</strong>
          {change.kind === 'minimum'
            ? ` · ${item.onHand} on hand`
            : ` · batch ${change.lot.batchNumber}, expires ${fullDate(change.lot.expiresOn)}, ${change.lot.quantity} on hand`}
        </p>
        <div className="field">
          <label htmlFor={`${id}-number`}>{label}</label>
          <input id={`${id}-number`} inputMode="numeric" value={number} onChange={(e) => setNumber(e.target.value)} />
        </div>
        {change.kind === 'adjust' ? (
          <label className="check">
            <input type="checkbox" checked={returned} onChange={(e) => setReturned(e.target.checked)} /> A return (to the supplier or by a
            patient)
          </label>
        ) : null}
        {change.kind !== 'minimum' ? (
          <div className="field">
            <label htmlFor={`${id}-reason`}>{change.kind === 'adjust' ? 'Reason (required)' : 'Note, optional'}</label>
            <textarea id={`${id}-reason`} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        ) : null}
        <Problem error={problem} />
        <div className="row actions">
          <button type="submit" className="primary" disabled={busy}>
            {change.kind === 'adjust' ? 'Adjust' : change.kind === 'count' ? 'Record count' : 'Set minimum'}
          </button>
          <button type="button" onClick={onCancel} disabled={busy}>
            Go back
          </button>
        </div>
      </form>
    </dialog>
  );
}
