// Plans the feedback request of a visit from its `appointment.completed` outbox event: one
// notification_log row per channel whose subject is the visit (job `feedback_request-<visit>`),
// due FEEDBACK_DELAY after the completion time read from MySQL (not the event's), out of quiet
// hours. Idempotent like the other notices: the dedupe key (kind, visit, channel) makes a second
// planning, or a replayed event, add nothing, and the job id makes its job exist once.
import { enqueueNotifications } from '../../jobs/notifications.js';
import type { OutboxEvent } from '../outbox/repository.js';
import { loadFeedbackVisit } from './feedback-facts.js';
import { insertPlanned, isPending, rowsOfSubject } from './log.js';
import { planFeedbackRequest } from './plan.js';
import type { PlannerDeps } from './planner.js';

export const isFeedbackEvent = (type: string) => type === 'appointment.completed';

export async function planFeedbackEvent(deps: PlannerDeps, event: OutboxEvent, now: Date): Promise<void> {
  if (!isFeedbackEvent(event.type)) return;
  const visit = await loadFeedbackVisit(deps.db, event.aggregateId);
  // Completion is final, so this only guards against an event about a visit that is not (or no longer) there.
  if (visit?.status !== 'completed' || !visit.completedAt) return;
  const planned = planFeedbackRequest(
    visit.id,
    visit.startAt,
    visit.completedAt,
    deps.feedbackDelayMs,
    visit.timezone,
    deps.quietHours,
    now,
  );
  await insertPlanned(deps.db, visit.id, visit.patientId, planned);
  const rows = await rowsOfSubject(deps.db, visit.id, 'feedback_request');
  await enqueueNotifications(
    deps.notifications,
    rows.filter((r) => isPending(r, undefined, now)),
    deps.jobOptions,
  );
}
