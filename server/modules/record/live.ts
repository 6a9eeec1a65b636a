// What a followed chart (rooms.chart, joined through chart:subscribe by the care team) hears: only
// the name of the part that changed. Every reader then reads it again over REST, where access is
// checked at that moment: a socket that joined while its owner was on the care team (a visit since
// cancelled, a relationship lapsed) learns that something changed, never what. The triage nurse's
// numbers still reach the doctor's open chart within a round trip.
import { rooms } from '../../realtime/rooms.js';
import type { HubServer } from '../../realtime/types.js';
import type { ChartPart } from '../live/events.js';

export function announceChartChange(io: HubServer, patientId: string, part: ChartPart): void {
  io.to(rooms.chart(patientId)).emit('chart:changed', { patientId, part });
}
