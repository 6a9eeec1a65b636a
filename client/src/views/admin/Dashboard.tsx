// /admin/dashboard: one location's day so far, live (admin-metrics/TodayPanel), above its daily
// figures over a period (admin-metrics/MetricsDashboard). The location is chosen once for both.
import { useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import { MetricsDashboard } from '../admin-metrics/MetricsDashboard';
import { TodayPanel } from '../admin-metrics/TodayPanel';
import { AdminPage } from './AdminPage';
import { loadLocations, useLatest } from './data';
import { Problem } from './parts';

export default function Dashboard() {
  return (
    <AdminPage title="Dashboard">
      {() => (
        <>
          <h1>Dashboard</h1>
          <Figures />
        </>
      )}
    </AdminPage>
  );
}

function Figures() {
  const locations = useLatest(loadLocations);
  const [chosen, setChosen] = useState('');
  const sites = locations.data ?? [];
  const location = sites.find((l) => l.id === chosen) ?? sites[0];
  if (!locations.data) return locations.error ? <Problem error={locations.error} /> : <Loading what="Loading locations" />;
  if (!location) return <Empty>No locations yet: the figures start with the first one.</Empty>;
  return (
    <>
      <form className="admin-filters" aria-label="Choose a location" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="dashboard-location">Location</label>
          <select id="dashboard-location" value={location.id} onChange={(e) => setChosen(e.target.value)}>
            {sites.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <TodayPanel key={location.id} location={location} />
      <MetricsDashboard location={location} />
    </>
  );
}
