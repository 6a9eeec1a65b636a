// The hub's stock alerts as they arrive (`notification` of type stock_low or stock_expiring, sent
// to the location's pharmacists by the worker's daily check): a list the pharmacist dismisses one
// by one. New ones are announced politely; the list itself is not a live region, so a screen
// reader does not read every alert again when one is dismissed.
import type { Notification } from '../../lib/contract';

export type StockAlert = Notification & { key: string };

/** `notification` types shown as stock alerts: the worker's (docs/EVENTS.md). */
export const STOCK_ALERTS = new Set(['stock_low', 'stock_expiring']);
/** Alerts about a medicine below its minimum (the others are about expiring lots). */
const LOW_STOCK_ALERTS = new Set(['stock_low']);

export function Alerts({ alerts, onDismiss }: { alerts: StockAlert[]; onDismiss: (key: string) => void }) {
  const newest = alerts[0];
  return (
    <>
      <p className="sr-only" role="status">
        {newest ? `Stock alert: ${newest.title}` : ''}
      </p>
      {alerts.length ? (
        <section aria-labelledby="alerts-title" className="card stock-alerts">
          <h2 id="alerts-title">Stock alerts</h2>
          <ul>
            {alerts.map((a) => (
              <li key={a.key} className={LOW_STOCK_ALERTS.has(a.type) ? 'low' : 'expiring'}>
                <span>
                  <strong>{a.title}</strong> {a.body}
                </span>
                <button type="button" aria-label={`Dismiss: ${a.title}`} onClick={() => onDismiss(a.key)}>
                  Dismiss
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
