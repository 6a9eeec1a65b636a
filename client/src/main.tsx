// The web client: one page, the view chosen by the path. Each view is its own chunk, so the
// waiting-room screen loads only what it needs. An address with no view shows "Not found" (the
// server answers it with 404); a view that refuses the signed-in role shows "Not allowed here".
import { type ComponentType, lazy, StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { NotAllowed, NotFound } from './components/ErrorPages';
import { Loading } from './components/ui';
import type { User } from './lib/contract';
import { onDenied } from './lib/use-user';
import './style.css';

const VIEWS: Record<string, ReturnType<typeof lazy>> = {
  '/login': lazy(() => import('./views/Login')),
  '/display': lazy(() => import('./views/display/Display')),
  '/doctor': lazy(() => import('./views/doctor/Doctor')),
  '/reception': lazy(() => import('./views/reception/Reception')),
  '/patient': lazy(() => import('./views/patient/Patient')),
  '/pharmacy': lazy(() => import('./views/pharmacy/Pharmacy')),
  '/nurse': lazy(() => import('./views/nurse/Nurse')),
  // Feedback: the form a request's link opens (no sign-in), the admins' moderation, the doctor's ratings.
  '/feedback': lazy(() => import('./views/feedback/FeedbackPage')),
  '/admin/feedback': lazy(() => import('./views/feedback/Moderation')),
  // The admin console (issue 19): an admin's landing page and one page per part of the set-up.
  '/admin': lazy(() => import('./views/admin/Home')),
  '/admin/locations': lazy(() => import('./views/admin/Locations')),
  '/admin/staff': lazy(() => import('./views/admin/Staff')),
  '/admin/doctors': lazy(() => import('./views/admin/Doctors')),
  '/admin/appointment-types': lazy(() => import('./views/admin/AppointmentTypes')),
  '/admin/screens': lazy(() => import('./views/admin/Screens')),
  '/admin/dashboard': lazy(() => import('./views/admin/Dashboard')),
  '/admin/templates': lazy(() => import('./views/admin/Templates')),
  '/admin/audit': lazy(() => import('./views/admin/Audit')),
  '/admin/system-logs': lazy(() => import('./views/admin/SystemLogs')),
  '/doctor/ratings': lazy(() => import('./views/feedback/DoctorRatings')),
};
const QueuesSignIn = lazy(() => import('./components/QueuesSignIn'));

const path = location.pathname.replace(/\/+$/, '') || '/';
if (path === '/') location.replace('/login');
// The queue dashboard's own pages come from the server; this one only when it refused the browser.
const View: ComponentType = VIEWS[path] ?? (path === '/admin/queues' || path.startsWith('/admin/queues/') ? QueuesSignIn : NotFound);

function App() {
  const [denied, setDenied] = useState<User | null>(null);
  useEffect(() => onDenied(setDenied), []);
  if (denied) return <NotAllowed user={denied} />;
  return <Suspense fallback={<Loading />}>{path === '/' ? null : <View />}</Suspense>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
