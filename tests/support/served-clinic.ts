// A bookable clinic served on a loopback port, for tests that use real HTTP and Socket.IO.
// The sockets a test opens are closed with the hub at the end.
import type { Socket } from 'socket.io-client';
import { bookableClinic } from './scheduling.js';
import { listenOnLoopback, startTestHub } from './test-hub.js';

export async function servedClinic() {
  const hub = await startTestHub();
  const clinic = await bookableClinic(hub);
  const base = await listenOnLoopback(hub.app);
  const sockets: Socket[] = [];
  return {
    hub,
    clinic,
    base,
    sockets,
    async close() {
      for (const s of sockets) s.disconnect();
      await hub.close();
    },
  };
}

export type ServedClinic = Awaited<ReturnType<typeof servedClinic>>;
