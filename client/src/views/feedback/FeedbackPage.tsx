// /feedback: the form a feedback request's link opens, without signing in. The link carries a
// signed token in its fragment (#t=…), which browsers never send to a server; it is read once and
// taken out of the address bar at once (so it is not bookmarked, shared or shown over a shoulder),
// and kept for this tab only so a reload still finds it. The heading names the doctor and the
// day; the hub tells this page nothing about the patient.
import { useEffect, useState } from 'react';
import { Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { FeedbackInput, FeedbackLinkVisit, FeedbackReceipt } from '../../lib/contract';
import { day } from '../../lib/datetime';
import { ApiError, SENTENCES, sentenceFor } from '../../lib/errors';
import { FeedbackForm } from './FeedbackForm';
import './feedback.css';

const KEPT = 'clinic-hub.feedback-link';

/** The token from the fragment (then removed from the address), or the one this tab kept. */
function takeToken(): string | null {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('t');
  if (fromLink) {
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    sessionStorage.setItem(KEPT, fromLink);
    return fromLink;
  }
  return sessionStorage.getItem(KEPT);
}

// Read when the page's code loads, once: React may run a component's first render twice.
const token = takeToken();

type State = { is: 'loading' } | { is: 'open'; link: FeedbackLinkVisit } | { is: 'failed'; error: unknown };

export default function FeedbackPage() {
  const [state, setState] = useState<State>({ is: 'loading' });
  useEffect(() => {
    document.title = 'Your feedback · Clinic Hub';
    if (!token) return setState({ is: 'failed', error: null });
    api<FeedbackLinkVisit>('POST', '/api/feedback/link', { token })
      .then((link) => setState({ is: 'open', link }))
      // A token cut short or mangled (copied by hand) fails the request's checks: to the patient it is the same bad link.
      .catch((error) =>
        setState({
          is: 'failed',
          error: error instanceof ApiError && error.status === 400 ? new ApiError('FEEDBACK_LINK_INVALID', 404) : error,
        }),
      );
  }, []);

  return (
    <>
      <header className="topbar">
        <strong>Clinic Hub</strong>
        <span className="muted">Feedback</span>
      </header>
      <main id="content" className="feedback-page">
        {state.is === 'loading' ? <Loading what="Opening your feedback form" /> : null}
        {state.is === 'failed' ? (
          <section className="card stack" aria-labelledby="feedback-title">
            <h1 id="feedback-title">Your feedback</h1>
            <p className="error" role="alert">
              {state.error
                ? sentenceFor(state.error)
                : 'This page opens from the link in a feedback request. Sign in to the portal to give feedback about a visit.'}
            </p>
            <p>
              <a className="button" href="/login?next=%2Fpatient%23feedback">
                Sign in to the portal
              </a>
            </p>
          </section>
        ) : null}
        {state.is === 'open' ? <Open link={state.link} /> : null}
      </main>
    </>
  );
}

function Open({ link }: { link: FeedbackLinkVisit }) {
  const { visit } = link;
  const send = (input: FeedbackInput) => api<FeedbackReceipt>('POST', '/api/feedback/link/submit', { token, ...input });
  return (
    <section className="card stack" aria-labelledby="feedback-title">
      <h1 id="feedback-title">
        How was your visit with {visit.doctorName} on {day(visit.startAt, visit.locationZone)}?
      </h1>
      <p className="muted">{visit.locationName}. Your answers help the clinic and other patients.</p>
      {link.given ? (
        <p className="ok" role="status">
          {SENTENCES.FEEDBACK_EXISTS}
        </p>
      ) : (
        <FeedbackForm
          labelledBy="feedback-title"
          level={2}
          send={send}
          onDone={() => sessionStorage.removeItem(KEPT)}
          thanks={
            <p>
              The clinic reads every review before it is published. You can follow yours, and any reply from the doctor, under “Your
              feedback” in the patient portal.
            </p>
          }
        />
      )}
    </section>
  );
}
