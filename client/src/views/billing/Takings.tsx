// Today's takings at the desk's location (GET /api/billing/takings?locationId=): received, refunded,
// net, by method, and what is still owed on the location's open invoices, in its currency. Read again
// when money moves at this desk (`refreshKey`) and on "Refresh".
import { useCallback, useEffect, useState } from 'react';
import { Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Takings as TakingsFigures } from '../../lib/contract';
import { fullDate } from '../../lib/datetime';
import { money } from '../../lib/money';
import { Problem } from './Problem';
import { METHOD } from './words';
import './billing.css';

interface Props {
  locationId: string;
  refreshKey?: number;
}

export function Takings({ locationId, refreshKey = 0 }: Props) {
  const [takings, setTakings] = useState<TakingsFigures | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setBusy(true);
    try {
      const answer = await api<TakingsFigures>('GET', `/api/billing/takings?locationId=${encodeURIComponent(locationId)}`);
      setTakings(answer.locationId === locationId ? answer : null);
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }, [locationId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the reason to read again
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const shown = takings?.locationId === locationId ? takings : null;
  const methods = shown ? Object.entries(shown.byMethod).filter(([, minor]) => minor !== 0) : [];

  return (
    <section className="card stack billing-takings" aria-labelledby="takings-title">
      <div className="row">
        <h2 id="takings-title">Today’s takings</h2>
        <span className="spacer" />
        <button type="button" onClick={() => void load()} aria-disabled={busy || undefined}>
          Refresh<span className="sr-only"> takings</span>
        </button>
      </div>
      <Problem error={error} />
      {!shown && !error ? <Loading what="Adding up today’s takings" /> : null}
      {shown ? (
        <>
          <p className="muted">
            {fullDate(shown.day)} · {shown.payments} {shown.payments === 1 ? 'payment' : 'payments'} · {shown.currency}
          </p>
          <dl className="billing-figures" aria-live="polite">
            <div>
              <dt>Received</dt>
              <dd>{money(shown.receivedMinor, shown.currency)}</dd>
            </div>
            <div>
              <dt>Refunded</dt>
              <dd>{money(shown.refundedMinor, shown.currency)}</dd>
            </div>
            <div className="net">
              <dt>Net</dt>
              <dd>{money(shown.netMinor, shown.currency)}</dd>
            </div>
            <div>
              <dt>Outstanding</dt>
              <dd>{money(shown.outstandingMinor, shown.currency)}</dd>
            </div>
          </dl>
          {methods.length ? (
            <table className="billing-by-method">
              <caption>By method</caption>
              <tbody>
                {methods.map(([method, minor]) => (
                  <tr key={method}>
                    <th scope="row">{METHOD[method as keyof typeof METHOD] ?? method}</th>
                    <td className="num">{money(minor, shown.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No payments taken yet today.</p>
          )}
        </>
      ) : null}
    </section>
  );
}
