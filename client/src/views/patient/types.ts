// The portal's own shapes, made from the API's (lib/contract.ts): what the hub told the patient,
// and when the browser heard it.
import type { Notification, QueuePosition } from '../../lib/contract';

/** A place in the queue (`queue:position`), with when the browser heard it, for "around 10:45". */
export type QueuePlace = QueuePosition & { receivedAt: number };

/** A notification (`notification`) as the portal lists it. */
export type Notice = Notification & { key: string; receivedAt: number };
