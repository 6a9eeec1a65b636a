// /admin/feedback: the admins' moderation list, a page of its own until the admin console comes.
// Filters (status, pending first; doctor; open or closed follow-ups; reported replies) live in
// the address, so a reload or a shared link shows the same list. Each entry's actions are in
// ModerationEntry.tsx; after any of them the list is read again, and what happened is said in
// the status line (which takes the focus, since the entry may have left the filter).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Shell } from '../../components/Shell';
import { Empty, ErrorLine, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { DoctorList, FeedbackAuthor, FeedbackStatus, LocationList, Role } from '../../lib/contract';
import { useUser } from '../../lib/use-user';
import { useFeedbackList } from './data';
import { ModerationEntry } from './ModerationEntry';
import '../doctor/dialogs.css';
import './feedback.css';
import { ShowMore } from './parts';

const ROLES: readonly Role[] = ['admin'];
const STATUSES: readonly (FeedbackStatus | 'any')[] = ['pending', 'approved', 'rejected', 'any'];
const STATUS_WORD: Record<FeedbackStatus | 'any', string> = {
  pending: 'Pending review',
  approved: 'Approved',
  rejected: 'Rejected',
  any: 'Any status',
};
const PAGE = 20;

export default function Moderation() {
  const user = useUser(ROLES);
  useEffect(() => {
    document.title = 'Feedback moderation · Clinic Hub';
  }, []);
  if (!user) return <Loading what="Opening feedback moderation" />;
  return (
    <Shell user={user} title="Feedback moderation">
      <ModerationList />
    </Shell>
  );
}

interface Filters {
  status: FeedbackStatus | 'any';
  doctorId: string;
  followUp: '' | 'open' | 'done';
  reported: boolean;
}

function filtersFromAddress(): Filters {
  const q = new URLSearchParams(location.search);
  const status = q.get('status');
  const followUp = q.get('followUp');
  return {
    status: STATUSES.find((s) => s === status) ?? 'pending',
    doctorId: q.get('doctor') ?? '',
    followUp: followUp === 'open' || followUp === 'done' ? followUp : '',
    reported: q.get('reported') === 'true',
  };
}

function remember(f: Filters) {
  const q = new URLSearchParams();
  if (f.status !== 'pending') q.set('status', f.status);
  if (f.doctorId) q.set('doctor', f.doctorId);
  if (f.followUp) q.set('followUp', f.followUp);
  if (f.reported) q.set('reported', 'true');
  const search = q.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
}

function apiQuery(f: Filters): string {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (f.status !== 'any') q.set('status', f.status);
  if (f.doctorId) q.set('doctorId', f.doctorId);
  if (f.followUp) q.set('followUp', f.followUp);
  if (f.reported) q.set('reported', 'true');
  return q.toString();
}

function ModerationList() {
  const [filters, setFilters] = useState<Filters>(filtersFromAddress);
  const query = useMemo(() => apiQuery(filters), [filters]);
  const list = useFeedbackList(query);
  const [doctors, setDoctors] = useState<DoctorList['doctors']>([]);
  const [zones, setZones] = useState<ReadonlyMap<string, string>>(new Map());
  const [authors, setAuthors] = useState<ReadonlyMap<string, FeedbackAuthor>>(new Map());
  const [said, setSaid] = useState('');
  const saidLine = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    api<DoctorList>('GET', '/api/doctors?limit=100')
      .then((d) => setDoctors(d.doctors))
      .catch(() => undefined); // the list still works without the doctor filter's names
    api<LocationList>('GET', '/api/locations')
      .then((l) => setZones(new Map(l.locations.map((x) => [x.id, x.timezone]))))
      .catch(() => undefined); // times then show in the browser's zone
  }, []);
  // Coming back to the tab: others may have moderated meanwhile.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') void list.reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [list.reload]);

  function change(patch: Partial<Filters>) {
    const next = { ...filters, ...patch };
    setFilters(next);
    remember(next);
    setSaid('');
  }

  const changed = useCallback(
    async (sentence: string) => {
      await list.reload();
      setSaid(sentence);
      requestAnimationFrame(() => saidLine.current?.focus());
    },
    [list.reload],
  );

  return (
    <div className="moderation">
      <h1>Feedback</h1>
      <form className="moderation-filters card" aria-label="Filter feedback" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" value={filters.status} onChange={(e) => change({ status: e.target.value as Filters['status'] })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_WORD[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-doctor">Doctor</label>
          <select id="f-doctor" value={filters.doctorId} onChange={(e) => change({ doctorId: e.target.value })}>
            <option value="">All doctors</option>
            {doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-follow-up">Follow-up</label>
          <select id="f-follow-up" value={filters.followUp} onChange={(e) => change({ followUp: e.target.value as Filters['followUp'] })}>
            <option value="">Any</option>
            <option value="open">Open</option>
            <option value="done">Closed</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={filters.reported} onChange={(e) => change({ reported: e.target.checked })} />
          Reported replies only
        </label>
        <button type="button" onClick={() => void list.reload()} disabled={list.loading}>
          {list.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </form>
      <p ref={saidLine} className="ok said" role="status" tabIndex={-1}>
        {said}
      </p>
      <ErrorLine error={list.error} />
      {!list.entries ? (
        list.error ? null : (
          <Loading what="Loading feedback" />
        )
      ) : list.entries.length === 0 ? (
        <Empty>No feedback matches these filters.</Empty>
      ) : (
        <>
          <ul className="feedback-list" aria-label="Feedback">
            {list.entries.map((entry) => (
              <ModerationEntry
                key={entry.id}
                entry={entry}
                zone={zones.get(entry.locationId)}
                author={authors.get(entry.id) ?? null}
                onAuthor={(author) => setAuthors((before) => new Map(before).set(entry.id, author))}
                onChanged={changed}
              />
            ))}
          </ul>
          <ShowMore list={list} />
        </>
      )}
    </div>
  );
}
