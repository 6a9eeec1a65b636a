// The patient's socket and what it tells them without asking: their place in the queue
// (`queue:position`) and notifications (`you_are_next`, `called`, reminders, messages…).
// The listeners are attached as the socket is made, so nothing sent on connect is missed.
import { useEffect, useState } from 'react';
import { connectPatientHub, type PatientSocket } from './hub';
import type { Notice, QueuePlace } from './types';

let counter = 0;

export function useHubFeed(enabled: boolean) {
  const [socket, setSocket] = useState<PatientSocket | null>(null);
  const [positions, setPositions] = useState<ReadonlyMap<string, QueuePlace>>(new Map());
  const [notices, setNotices] = useState<Notice[]>([]);
  const [connected, setConnected] = useState<boolean | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const s = connectPatientHub();
    s.on('queue:position', (p) => setPositions((m) => new Map(m).set(p.appointmentId, { ...p, receivedAt: Date.now() })));
    s.on('notification', (n) => {
      setNotices((list) => [{ ...n, key: `n${++counter}`, receivedAt: Date.now() }, ...list].slice(0, 30));
      if ((n.type === 'you_are_next' || n.type === 'called') && 'vibrate' in navigator) {
        try {
          navigator.vibrate([300, 120, 300]);
        } catch {
          // Vibration is a nicety: browsers may refuse it without a tap first.
        }
      }
    });
    s.on('connect', () => setConnected(true));
    s.on('disconnect', () => setConnected(false));
    setSocket(s);
    return () => {
      s.disconnect();
      setSocket(null);
    };
  }, [enabled]);

  return { socket, positions, notices, connected };
}
