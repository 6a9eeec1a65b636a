// Socket event budgets: token buckets per event that refill over time, a disconnect verdict for a
// socket that keeps going over, and the handshake's shut-out after a cut.
import { describe, expect, it } from 'vitest';
import { ALLOWANCES, REFUSAL_WINDOW_MS, ShutOut, SocketBudget } from './budget.js';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('SocketBudget', () => {
  it('takes a burst, refuses the next event, and refills at the event’s rate', () => {
    const time = clock();
    const budget = new SocketBudget({ scale: 1, maxRefusals: 1_000 }, time.now);
    const { burst, perSecond } = ALLOWANCES['message:send'];
    for (let i = 0; i < burst; i++) expect(budget.spend('message:send')).toBe('ok');
    expect(budget.spend('message:send')).toBe('refused');
    time.advance(1_000 / perSecond);
    expect(budget.spend('message:send')).toBe('ok');
    expect(budget.spend('message:send')).toBe('refused');
  });

  it('keeps one bucket per event: a flood of one kind leaves the others alone', () => {
    const budget = new SocketBudget({ scale: 1, maxRefusals: 1_000 }, clock().now);
    for (let i = 0; i < 100; i++) budget.spend('typing');
    expect(budget.spend('typing')).toBe('refused');
    expect(budget.spend('message:read')).toBe('ok');
  });

  it('scale multiplies the burst', () => {
    const budget = new SocketBudget({ scale: 3, maxRefusals: 1_000 }, clock().now);
    for (let i = 0; i < ALLOWANCES['board:subscribe'].burst * 3; i++) expect(budget.spend('board:subscribe')).toBe('ok');
    expect(budget.spend('board:subscribe')).toBe('refused');
  });

  it('says disconnect at the maxRefusals-th refusal within the window; refusals spread wider do not add up', () => {
    const time = clock();
    const budget = new SocketBudget({ scale: 1, maxRefusals: 5 }, time.now);
    for (let i = 0; i < ALLOWANCES.typing.burst; i++) budget.spend('typing');
    for (let i = 0; i < 4; i++) expect(budget.spend('typing')).toBe('refused');
    // A new window: the count starts again (and the bucket has refilled meanwhile).
    time.advance(REFUSAL_WINDOW_MS + 1);
    for (let i = 0; i < ALLOWANCES.typing.burst; i++) budget.spend('typing');
    for (let i = 0; i < 4; i++) expect(budget.spend('typing')).toBe('refused');
    expect(budget.spend('typing')).toBe('disconnect');
  });
});

describe('ShutOut', () => {
  it('refuses a cut-off token for the window, in whole seconds, and nobody else', () => {
    const time = clock();
    const shut = new ShutOut(10_000, time.now);
    shut.add('token-a');
    expect(shut.secondsLeft('token-a')).toBe(10);
    expect(shut.secondsLeft('token-b')).toBe(0);
    time.advance(9_500);
    expect(shut.secondsLeft('token-a')).toBe(1);
    time.advance(500);
    expect(shut.secondsLeft('token-a')).toBe(0);
  });
});
