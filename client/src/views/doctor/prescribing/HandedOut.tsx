// What the pharmacy handed out for a signed prescription, for its prescriber: each dispense with
// its medicines and quantities, and a substitution marked with the pharmacist's reason.
import { useEffect, useState } from 'react';
import { api } from '../../../lib/api';
import type { DispenseHistory, Prescription } from '../../../lib/contract';
import { dayAndTime } from '../../../lib/datetime';

/** Whether anything was dispensed yet: then the history is worth a request. */
export const anythingDispensed = (p: Prescription) =>
  p.status === 'partially_dispensed' ||
  p.status === 'dispensed' ||
  p.fillsRemaining < 1 + p.refills ||
  p.items.some((i) => i.dispensedQuantity > 0);

export function HandedOut({ p, timeZone }: { p: Prescription; timeZone: string }) {
  const [history, setHistory] = useState<DispenseHistory | null>(null);
  useEffect(() => {
    let live = true;
    api<DispenseHistory>('GET', `/api/prescriptions/${p.id}/dispenses`)
      .then((h) => live && setHistory(h))
      .catch(() => live && setHistory(null));
    return () => {
      live = false;
    };
  }, [p.id]);
  if (!history?.dispenses.length) return null;
  return (
    <section className="rx-handed-out" aria-label={`Handed out for ${p.number}`}>
      <h4>Handed out</h4>
      <ul>
        {history.dispenses.flatMap((d) =>
          d.lines.map((l) => (
            <li key={`${d.id}-${l.itemId}-${l.lotId}`}>
              {dayAndTime(d.at, timeZone)} · {l.name} × {l.quantity}
              {l.substituted ? <strong> — substituted: {l.substitutionReason}</strong> : null}
            </li>
          )),
        )}
      </ul>
    </section>
  );
}
