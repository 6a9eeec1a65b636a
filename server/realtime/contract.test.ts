// The socket contract is enforced by the compiler: `npm run typecheck` covers this file, and each
// `@ts-expect-error` below fails the typecheck the day the line it guards starts to compile
// (an emit with a wrong event name or payload, or an ack answer the contract does not allow).
import { describe, expect, it } from 'vitest';
import type { BoardPayload } from '../modules/live/events.js';
import { handleEvent } from './handler.js';
import { rooms } from './rooms.js';
import type { HubEmitter, HubSocket } from './types.js';

/** Never called: it exists for the compiler. */
function _contractViolations(io: HubEmitter, socket: HubSocket, board: BoardPayload) {
  io.to(rooms.board('l1')).emit('board:update', board);
  io.to(rooms.board('l1')).emit('board:call', {
    ticket: 'A-001',
    room: '101',
    doctorName: 'Dr. Ana Costa',
    calledAt: '2026-12-05T09:00:00.000Z',
  });

  // @ts-expect-error: no such event in the contract
  io.to(rooms.board('l1')).emit('board:updated', board);
  // @ts-expect-error: board:call carries a ticket string, a room, a doctor's name and when it was made
  io.to(rooms.board('l1')).emit('board:call', { ticket: 7 });
  // @ts-expect-error: a patient's notification needs a title and a body
  socket.emit('notification', { type: 'message', data: {} });
  // @ts-expect-error: clients cannot be sent client-to-server events
  socket.emit('board:subscribe', { locationId: 'l1' });

  const anyPayload = (_data: unknown): _data is never => true;
  handleEvent(socket, 'board:subscribe', anyPayload, async () => ({ board }));
  // @ts-expect-error: board:subscribe answers with a board, not a queue
  handleEvent(socket, 'board:subscribe', anyPayload, async () => ({ queue: board }));
  // @ts-expect-error: typing has no acknowledgement, so it is not handled as an acked event
  handleEvent(socket, 'typing', anyPayload, async () => ({}));
}

describe('room names', () => {
  it('are distinct per kind, so no two kinds of audience ever share a room', () => {
    const names = Object.values(rooms).map((room) => room('same-id'));
    expect(new Set(names).size).toBe(names.length);
    expect(rooms.display('d1')).toBe('display:d1');
    expect(rooms.thread('t1')).toBe('thread:t1');
  });
});
