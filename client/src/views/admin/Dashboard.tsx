// /admin/dashboard: a location's daily figures over a period (views/admin-metrics), in the console.
import { MetricsDashboard } from '../admin-metrics/MetricsDashboard';
import { AdminPage } from './AdminPage';

export default function Dashboard() {
  return (
    <AdminPage title="Dashboard">
      {() => (
        <>
          <h1>Dashboard</h1>
          <MetricsDashboard />
        </>
      )}
    </AdminPage>
  );
}
