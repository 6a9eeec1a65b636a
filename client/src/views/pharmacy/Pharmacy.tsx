// The pharmacist's page (/pharmacy): the location they are working at (their own locations), the
// live dispensing queue (QueueSection.tsx) and the stock page (/pharmacy?view=stock,
// StockSection.tsx), with the hub's stock alerts (low stock, expiring lots) above both.
import { useEffect, useState } from 'react';
import { Shell } from '../../components/Shell';
import { ErrorLine, Loading } from '../../components/ui';
import type { Role, User } from '../../lib/contract';
import { listen, useHub } from '../../lib/socket';
import { useUser } from '../../lib/use-user';
import { Alerts, STOCK_ALERTS, type StockAlert } from './Alerts';
import { todayAt } from './dispense-form';
import { QueueSection } from './QueueSection';
import { StockSection } from './StockSection';
import { useLocations } from './use-locations';
import { usePharmacyQueue } from './use-pharmacy-queue';
import '../doctor/dialogs.css';
import '../doctor/prescribing/prescribing.css';
import './pharmacy.css';
import { LocationPicker } from '../../components/LocationPicker';

const ROLES: readonly Role[] = ['pharmacist'];

type Page = 'queue' | 'stock';
const pageOf = (search: string): Page => (new URLSearchParams(search).get('view') === 'stock' ? 'stock' : 'queue');

export default function Pharmacy() {
  const user = useUser(ROLES);
  if (!user) return <Loading what="Opening the pharmacy" />;
  return (
    <Shell user={user} title="Pharmacy">
      <Counter user={user} />
    </Shell>
  );
}

let alertCounter = 0;

function Counter({ user }: { user: User }) {
  const { locations, location, choose, error } = useLocations();
  const [page, setPage] = useState<Page>(() => pageOf(window.location.search));
  const [alerts, setAlerts] = useState<StockAlert[]>([]);
  const [stockKey, setStockKey] = useState(0);
  const { socket, link } = useHub({
    attach: (s) =>
      listen(s, 'notification', (n) => {
        if (!STOCK_ALERTS.has(n.type)) return;
        setAlerts((list) => [{ ...n, key: `a${++alertCounter}` }, ...list].slice(0, 10));
        setStockKey((k) => k + 1);
      }),
  });
  const { queue, error: queueError } = usePharmacyQueue(socket, location?.id ?? null);

  useEffect(() => {
    const back = () => setPage(pageOf(window.location.search));
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);
  const go = (next: Page) => (e: { preventDefault: () => void }) => {
    e.preventDefault();
    history.pushState(null, '', next === 'stock' ? '/pharmacy?view=stock' : '/pharmacy');
    setPage(next);
  };

  if (error) return <ErrorLine error={error} />;
  if (!locations) return <Loading what="Finding your locations" />;
  if (!location) return <p className="muted">You are not assigned to a location yet. Please ask an administrator.</p>;
  const timeZone = location.timezone;
  return (
    <div className="pharmacy">
      <div className="pharmacy-head">
        <h1>Pharmacy</h1>
        <LocationPicker id="pharmacy-location" locations={locations} value={location.id} onChange={choose} />
        <span className={`link-state ${link}`} role="status">
          {link === 'live' ? 'Live' : link === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
      </div>
      <p className="muted">Hello {user.firstName}.</p>
      <nav aria-label="Pharmacy pages" className="pharmacy-tabs">
        <a href="/pharmacy" aria-current={page === 'queue' ? 'page' : undefined} onClick={go('queue')}>
          Queue{queue ? ` (${queue.prescriptions.length})` : ''}
        </a>
        <a href="/pharmacy?view=stock" aria-current={page === 'stock' ? 'page' : undefined} onClick={go('stock')}>
          Stock
        </a>
      </nav>
      <Alerts alerts={alerts} onDismiss={(key) => setAlerts((list) => list.filter((a) => a.key !== key))} />
      {page === 'queue' ? (
        <QueueSection
          queue={queue}
          error={queueError}
          locationId={location.id}
          timeZone={timeZone}
          onStockChanged={() => setStockKey((k) => k + 1)}
        />
      ) : (
        <StockSection
          locationId={location.id}
          currency={location.currency}
          today={todayAt(timeZone)}
          timeZone={timeZone}
          refreshKey={stockKey}
        />
      )}
    </div>
  );
}
