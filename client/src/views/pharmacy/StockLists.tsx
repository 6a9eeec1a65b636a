// What the stock page asks the pharmacist to act on: medicines below their minimum, lots expiring
// soon, the reorder list (with the suggested quantity), and the latest movements of the ledger
// (received, dispensed, adjusted, expired, returned; who and when, in the clinic's time).

import { Empty } from '../../components/ui';
import type { MovementKind } from '../../lib/contract';
import { fullDate, stamp } from '../../lib/datetime';
import { EXPIRING_WITHIN_DAYS, type StockView } from './use-stock';

const KIND_WORDS: Record<MovementKind, string> = {
  received: 'Received',
  dispensed: 'Dispensed',
  adjusted: 'Adjusted',
  expired: 'Expired',
  returned: 'Returned',
};

/** How many movements the page lists. */
const RECENT = 30;

export function StockLists({ stock, timeZone }: { stock: StockView; timeZone: string | undefined }) {
  const names = new Map(stock.all.map((i) => [i.medicationId, `${i.name} ${i.strength}`]));
  const batches = new Map(stock.all.flatMap((i) => i.lots.map((l) => [l.id, l.batchNumber] as const)));
  const soon = stock.expiring
    .flatMap((i) => i.lots.map((l) => ({ item: i, lot: l })))
    .sort((a, b) => a.lot.expiresOn.localeCompare(b.lot.expiresOn));
  const recent = [...stock.movements].sort((a, b) => b.at.localeCompare(a.at)).slice(0, RECENT);
  return (
    <div className="stock-lists">
      <section aria-labelledby="low-title" className="card">
        <h3 id="low-title">Low stock</h3>
        {stock.low.length ? (
          <ul>
            {stock.low.map((i) => (
              <li key={i.medicationId}>
                <strong>
                  {i.name} {i.strength}
                </strong>
                : {i.onHand} on hand, minimum {i.minimum}
              </li>
            ))}
          </ul>
        ) : (
          <Empty>Nothing is below its minimum.</Empty>
        )}
      </section>
      <section aria-labelledby="expiring-title" className="card">
        <h3 id="expiring-title">Expiring within {EXPIRING_WITHIN_DAYS} days</h3>
        {soon.length ? (
          <ul>
            {soon.map(({ item, lot }) => (
              <li key={lot.id}>
                <strong>
                  {item.name} {item.strength}
                </strong>{' '}
                batch {lot.batchNumber}: {lot.quantity} expire {fullDate(lot.expiresOn)}
              </li>
            ))}
          </ul>
        ) : (
          <Empty>No lot expires soon.</Empty>
        )}
      </section>
      <section aria-labelledby="reorder-title" className="card">
        <h3 id="reorder-title">Reorder list</h3>
        {stock.reorder.length ? (
          <ul>
            {stock.reorder.map((r) => (
              <li key={r.medicationId}>
                <strong>{r.name}</strong>: order {r.suggested} ({r.onHand} on hand, minimum {r.minimum})
              </li>
            ))}
          </ul>
        ) : (
          <Empty>Nothing to reorder.</Empty>
        )}
      </section>
      <section aria-labelledby="moves-title" className="card movements">
        <h3 id="moves-title">Recent movements</h3>
        {recent.length ? (
          <div className="table-scroll">
            <table aria-label={`The latest ${RECENT} stock movements, newest first`}>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Medicine</th>
                  <th scope="col">Change</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((m) => (
                  <tr key={m.id}>
                    <td>{stamp(m.at, timeZone)}</td>
                    <td>
                      {names.get(m.medicationId) ?? 'A medicine no longer kept'}
                      {batches.has(m.lotId) ? <span className="muted"> · batch {batches.get(m.lotId)}</span> : null}
                    </td>
                    <td>
                      {KIND_WORDS[m.kind] ?? m.kind} {m.delta > 0 ? `+${m.delta}` : m.delta}
                    </td>
                    <td>{m.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>No movements yet.</Empty>
        )}
      </section>
    </div>
  );
}
