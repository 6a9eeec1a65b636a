// One Socket.IO connection for the desk, and whether it is up right now.
import { useEffect, useState } from 'react';
import { connectHub, type HubSocket } from '../../lib/socket';

export function useHub(): { socket: HubSocket | null; online: boolean } {
  const [socket, setSocket] = useState<HubSocket | null>(null);
  const [online, setOnline] = useState(false);
  useEffect(() => {
    const s = connectHub();
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    s.on('connect', up);
    s.on('disconnect', down);
    setSocket(s);
    return () => {
      s.off('connect', up);
      s.off('disconnect', down);
      s.disconnect();
      setSocket(null);
      setOnline(false);
    };
  }, []);
  return { socket, online };
}

/**
 * Runs `subscribe` now if the socket is connected and again on every (re)connect, since a
 * connection that was not recovered has left its rooms. Returns the clean-up.
 */
export function onEveryConnect(socket: HubSocket, subscribe: () => void): () => void {
  if (socket.connected) subscribe();
  socket.on('connect', subscribe);
  return () => {
    socket.off('connect', subscribe);
  };
}
