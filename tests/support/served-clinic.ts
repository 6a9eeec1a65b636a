// A bookable clinic served on a loopback port at its own PUBLIC_URL, for tests that use real HTTP,
// Socket.IO and browsers.
// The sockets a test opens are closed with the hub at the end.
import type { Socket } from 'socket.io-client';
import { bookableClinic } from './scheduling.js';
import { startServedHub } from './test-hub.js';

export async function servedClinic() {
  const { hub, base } = await startServedHub();
  const clinic = await bookableClinic(hub);
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
