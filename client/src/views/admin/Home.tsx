// /admin: where an admin lands after signing in. Each part of the console with what it holds now
// (how many locations, doctors, staff, screens online), and the reception desk for a hand at the desk.
import { useEffect, useState } from 'react';
import { AdminPage } from './AdminPage';
import { loadDoctors, loadLocations, loadScreens, loadStaff, loadTypes } from './data';
import { isOnline } from './screens-status';
import { SECTIONS } from './sections';

type Counts = Partial<Record<string, string>>;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function Home() {
  return <AdminPage title="Overview">{() => <Overview />}</AdminPage>;
}

function Overview() {
  const [counts, setCounts] = useState<Counts>({});
  useEffect(() => {
    // Each count on its own: one that cannot be read leaves its card without a figure, not the page empty.
    const put = (href: string, text: string) => setCounts((before) => ({ ...before, [href]: text }));
    const now = Date.now();
    loadLocations()
      .then((l) => put('/admin/locations', plural(l.length, 'location', 'locations')))
      .catch(() => undefined);
    loadStaff()
      .then((s) => put('/admin/staff', plural(s.length, 'staff sign-in', 'staff sign-ins')))
      .catch(() => undefined);
    loadDoctors()
      .then((d) => put('/admin/doctors', plural(d.length, 'doctor', 'doctors')))
      .catch(() => undefined);
    loadTypes()
      .then((t) => put('/admin/appointment-types', plural(t.length, 'type', 'types')))
      .catch(() => undefined);
    loadScreens()
      .then((all) => {
        const screens = all.filter((s) => !s.revokedAt);
        put(
          '/admin/screens',
          screens.length === 0
            ? 'No screens yet'
            : `${screens.filter((s) => isOnline(s, now)).length} of ${plural(screens.length, 'screen', 'screens')} online`,
        );
      })
      .catch(() => undefined);
  }, []);
  return (
    <>
      <h1>Admin console</h1>
      <p className="muted">Set up the clinic: locations, the people who work there, the doctors’ hours, visit types and screens.</p>
      <ul className="admin-cards">
        {SECTIONS.map((s) => (
          <li key={s.href} className="card">
            <h2>
              <a href={s.href}>{s.label}</a>
            </h2>
            <p>{s.about}</p>
            {counts[s.href] ? <p className="admin-count">{counts[s.href]}</p> : null}
          </li>
        ))}
        <li className="card">
          <h2>
            <a href="/reception">Reception desk</a>
          </h2>
          <p>The day’s visits, bookings, walk-ins and check-in, as a receptionist sees them.</p>
        </li>
      </ul>
    </>
  );
}
