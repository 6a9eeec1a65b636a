// The stock page of a location: receive a delivery, every medicine kept here with its lots (batch,
// expiry, on hand, cost and price in the location's currency) and what can be done to each
// (adjust, count, set the minimum), then the lists that say what to act on (StockLists.tsx).
import { Fragment, useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import { fullDate } from '../../lib/datetime';
import { money } from '../../lib/money';
import { formWords } from '../../lib/prescriptions';
import { Problem } from '../doctor/Problem';
import { ReceiveForm } from './ReceiveForm';
import { type StockChange, StockChangeDialog } from './StockChangeDialog';
import { StockLists } from './StockLists';
import { useStock } from './use-stock';

interface Props {
  locationId: string;
  currency: string | null | undefined;
  today: string;
  timeZone: string | undefined;
  /** Changes when something elsewhere changed the stock (a dispense, an alert). */
  refreshKey: number;
}

export function StockSection({ locationId, currency, today, timeZone, refreshKey }: Props) {
  const { stock, error, reload } = useStock(locationId, refreshKey);
  const [change, setChange] = useState<StockChange | null>(null);
  const [said, setSaid] = useState('');
  const done = (what: string) => {
    setChange(null);
    setSaid(what);
    void reload();
  };

  return (
    <section aria-labelledby="stock-title" className="pharmacy-stock">
      <h2 id="stock-title">Stock</h2>
      <p className="sr-only" role="status">
        {said}
      </p>
      {said ? (
        <p className="ok" aria-hidden="true">
          {said}
        </p>
      ) : null}
      <ReceiveForm locationId={locationId} currency={currency} today={today} onReceived={done} />
      <Problem error={error} />
      {!stock && !error ? <Loading what="Loading the stock" /> : null}
      {stock?.all.length === 0 ? <Empty>Nothing in stock here yet. Receive a delivery to start.</Empty> : null}
      {stock?.all.length ? (
        <div className="table-scroll">
          <table className="stock-table">
            <caption>On hand, by medicine and lot</caption>
            <thead>
              <tr>
                <th scope="col">Medicine / batch</th>
                <th scope="col">Expires</th>
                <th scope="col">On hand</th>
                <th scope="col">Unit cost</th>
                <th scope="col">Unit price</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {stock.all.map((item) => (
                <Fragment key={item.medicationId}>
                  <tr className="stock-medicine">
                    <th scope="row">
                      {item.name} {item.strength} <span className="muted">{formWords(item.form)}</span>
                    </th>
                    <td />
                    <td className={item.minimum !== null && item.onHand < item.minimum ? 'short' : undefined}>
                      {item.onHand}
                      <span className="muted"> (minimum {item.minimum ?? 'not set'})</span>
                    </td>
                    <td />
                    <td />
                    <td>
                      <button type="button" onClick={() => setChange({ kind: 'minimum', item })}>
                        Set minimum for {item.name}
                      </button>
                    </td>
                  </tr>
                  {item.lots.map((lot) => (
                    <tr key={lot.id} className={lot.expiresOn < today ? 'expired' : undefined}>
                      <td className="lot">
                        Batch {lot.batchNumber}
                        {lot.supplier ? <span className="muted"> · {lot.supplier}</span> : null}
                      </td>
                      <td>
                        {fullDate(lot.expiresOn)}
                        {lot.expiresOn < today ? ' (expired)' : ''}
                      </td>
                      <td>{lot.quantity}</td>
                      <td>{money(lot.unitCostMinor, currency)}</td>
                      <td>{money(lot.unitPriceMinor, currency)}</td>
                      <td>
                        <div className="row">
                          <button type="button" onClick={() => setChange({ kind: 'adjust', item, lot })}>
                            Adjust batch {lot.batchNumber}
                          </button>
                          <button type="button" onClick={() => setChange({ kind: 'count', item, lot })}>
                            Count batch {lot.batchNumber}
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {stock ? <StockLists stock={stock} timeZone={timeZone} /> : null}
      {change ? <StockChangeDialog change={change} locationId={locationId} onDone={done} onCancel={() => setChange(null)} /> : null}
    </section>
  );
}
