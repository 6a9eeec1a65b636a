// An invoice's lines: what, how many, the price of one and the amount. A voided line stays, struck
// through, with why it was removed; a line added by hand shows why it was added. The desk may void
// a line while the invoice is not paid or void (`onVoid`); the portal only reads.
import type { Invoice, InvoiceLine } from '../../lib/contract';
import { money } from '../../lib/money';

interface Props {
  invoice: Invoice;
  onVoid?: (line: InvoiceLine, button: HTMLButtonElement) => void;
}

export function Lines({ invoice, onVoid }: Props) {
  const { currency } = invoice;
  const changeable = onVoid && invoice.status !== 'paid' && invoice.status !== 'void';
  return (
    <table className="billing-lines">
      <caption className="sr-only">Lines of {invoice.number}</caption>
      <thead>
        <tr>
          <th scope="col">Description</th>
          <th scope="col" className="num">
            Qty
          </th>
          <th scope="col" className="num">
            Unit price
          </th>
          <th scope="col" className="num">
            Amount
          </th>
          {changeable ? (
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {invoice.lines.map((line) => (
          <tr key={line.id} className={line.voided ? 'voided' : undefined}>
            <td>
              {line.voided ? (
                <>
                  <del>{line.description}</del>
                  <span className="sr-only"> (removed)</span>
                  <small className="billing-why">Removed: {line.voidReason ?? 'no reason recorded'}</small>
                </>
              ) : (
                <>
                  {line.description}
                  {line.reason ? <small className="billing-why">Added: {line.reason}</small> : null}
                </>
              )}
            </td>
            <td className="num">{line.quantity}</td>
            <td className="num">{money(line.unitAmountMinor, currency)}</td>
            <td className="num">{line.voided ? <del>{money(line.amountMinor, currency)}</del> : money(line.amountMinor, currency)}</td>
            {changeable ? (
              <td>
                {line.voided ? null : (
                  <button type="button" className="danger small" onClick={(e) => onVoid(line, e.currentTarget)}>
                    Void<span className="sr-only"> {line.description}</span>
                  </button>
                )}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            Total
          </th>
          <td className="num">
            <strong>{money(invoice.totalMinor, currency)}</strong>
          </td>
          {changeable ? <td /> : null}
        </tr>
      </tfoot>
    </table>
  );
}
