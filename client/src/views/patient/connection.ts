// Whether the portal can reach the hub right now. Offline (the browser says so, or the socket
// dropped after it had connected) the free times and the controls that book or move a visit are
// disabled rather than left to fail one by one: what they show may be stale, and a tap would
// only end in "cannot be reached". They come back by themselves when the link does.
import { createContext, useContext, useEffect, useState } from 'react';

/** True while the portal is offline; read by the slot pickers and the booking controls. */
export const OfflineContext = createContext(false);

export const useOffline = () => useContext(OfflineContext);

/** The browser's own idea of the network (`navigator.onLine`), followed live. */
export function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}
