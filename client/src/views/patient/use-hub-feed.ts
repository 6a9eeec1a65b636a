// The patient's socket and what it tells them without asking: their place in the queue
// (`queue:position`) and notifications (`you_are_next`, `called`, reminders, messages…).
// The listeners are attached as the socket is made, so nothing sent on connect is missed.
import { useState } from 'react';
import { listen, useHub } from '../../lib/socket';
import type { Notice, QueuePlace } from './types';

let counter = 0;

export function useHubFeed(enabled: boolean) {
  const [positions, setPositions] = useState<ReadonlyMap<string, QueuePlace>>(new Map());
  const [notices, setNotices] = useState<Notice[]>([]);
  const { socket, link } = useHub({
    enabled,
    attach: (s) => {
      const stops = [
        listen(s, 'queue:position', (p) => setPositions((m) => new Map(m).set(p.appointmentId, { ...p, receivedAt: Date.now() }))),
        listen(s, 'notification', (n) => {
          setNotices((list) => [{ ...n, key: `n${++counter}`, receivedAt: Date.now() }, ...list].slice(0, 30));
          if ((n.type === 'you_are_next' || n.type === 'called') && 'vibrate' in navigator) {
            try {
              navigator.vibrate([300, 120, 300]);
            } catch {
              // Vibration is a nicety: browsers may refuse it without a tap first.
            }
          }
        }),
      ];
      return () => {
        for (const stop of stops) stop();
      };
    },
  });
  // null until the first connection, then whether the socket is up.
  const connected = link === 'connecting' ? null : link === 'live';

  return { socket, positions, notices, connected };
}
