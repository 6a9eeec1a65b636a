// The web client: one page, the view chosen by the path. Each view is its own chunk, so the
// waiting-room screen loads only what it needs.
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Loading } from './components/ui';
import './style.css';

const VIEWS: Record<string, ReturnType<typeof lazy>> = {
  '/login': lazy(() => import('./views/Login')),
  '/display': lazy(() => import('./views/display/Display')),
  '/doctor': lazy(() => import('./views/doctor/Doctor')),
  '/reception': lazy(() => import('./views/reception/Reception')),
  '/patient': lazy(() => import('./views/patient/Patient')),
};

const path = location.pathname.replace(/\/+$/, '') || '/';
if (path === '/') location.replace('/login');
const View = VIEWS[path] ?? VIEWS['/login'];

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={<Loading />}>{View ? <View /> : null}</Suspense>
  </StrictMode>,
);
