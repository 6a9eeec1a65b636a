/**
 * TCP server: accepts connections, frames the byte stream into messages,
 * runs each command against the shared Store and writes the reply.
 *
 * Every connection is independent (the driver opens a pool plus a monitoring
 * connection per client), but they all share one Store, so several clients
 * see each other's writes like with a real server. Commands run
 * synchronously, so each one is atomic with respect to all others.
 */
import net from 'node:net';
import { runCommand } from './commands/index.js';
import { Store } from './store.js';
import { encodeOpMsg, encodeOpReply, MessageFramer, parseMessage } from './wire.js';

export interface MongoDoubleServerOptions {
  port?: number;
  host?: string;
}

export class MongoDoubleServer {
  readonly store = new Store();
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private nextConnectionId = 1;

  constructor() {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  /** Resolves with the bound port (useful with port 0). */
  listen(opts: MongoDoubleServerOptions = {}): Promise<number> {
    const host = opts.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(opts.port ?? 0, host, () => {
        this.server.off('error', onError);
        this.store.startTtlMonitor();
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : Number(opts.port));
      });
    });
  }

  private accept(socket: net.Socket): void {
    const connectionId = this.nextConnectionId++;
    const framer = new MessageFramer();
    const address = `${socket.remoteAddress ?? '127.0.0.1'}:${socket.remotePort ?? 0}`;
    const conn = { connectionId, address, connectionCount: () => this.sockets.size };
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    // Clients vanish abruptly all the time (process exit, client.close());
    // a reset connection is not an error worth reporting.
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const raw of framer.push(chunk)) {
          const request = parseMessage(raw);
          const reply = runCommand(this.store, request.db, request.command, conn);
          if (request.moreToCome) continue; // w:0 / fire-and-forget: the client reads nothing
          const responseTo = request.header.requestId;
          socket.write(request.legacy ? encodeOpReply(responseTo, reply) : encodeOpMsg(responseTo, reply));
        }
      } catch {
        // Unparseable bytes: mongod closes the connection too.
        socket.destroy();
      }
    });
  }

  /** Stops listening, drops every client connection and the TTL monitor. */
  close(): Promise<void> {
    this.store.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
