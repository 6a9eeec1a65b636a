// The operations port (METRICS_PORT): GET /metrics (Prometheus text), /health/live and
// /health/ready, on a plain HTTP server of its own. It is for the scraper and the orchestrator,
// inside the clinic's network: the load balancer never routes to it, and the public API port
// does not serve /metrics at all, so no token or patient data is needed or exposed here. The
// worker, which has no API, serves the same three paths on its own METRICS_PORT.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode } from '../../errors.js';
import { errorBody } from '../../plugins/errors.js';
import type { StoreMonitor } from '../health/monitor.js';
import type { OpsMetrics } from './registry.js';

export interface OpsServer {
  /** The address it listens on (port 0 in the configuration: the port the OS chose). */
  address(): AddressInfo;
  close(): Promise<void>;
}

export async function startOpsServer(
  metrics: OpsMetrics,
  monitor: StoreMonitor,
  listen: { port: number; host: string },
  log?: { warn(obj: object, msg: string): void },
): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const json = (status: number, body: unknown, headers?: Record<string, string>) =>
      send(status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return json(405, errorBody(405, ErrorCode.METHOD_NOT_ALLOWED, 'The operations port answers GET only.'), { allow: 'GET, HEAD' });
    if (path === '/metrics') {
      metrics.render().then(
        (text) => send(200, metrics.contentType, text),
        (err: unknown) => {
          log?.warn({ err }, 'metrics scrape failed');
          json(500, errorBody(500, ErrorCode.INTERNAL, 'The metrics could not be collected; it has been logged.'));
        },
      );
      return;
    }
    if (path === '/health/live') return json(200, { status: 'ok' });
    if (path === '/health/ready') {
      monitor.check().then((checks) => {
        const ready = Object.values(checks).every((c) => c === 'ok');
        json(ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks }, ready ? {} : { 'retry-after': '5' });
      });
      return;
    }
    json(404, errorBody(404, ErrorCode.NOT_FOUND, 'The operations port serves /metrics, /health/live and /health/ready.'));
  });
  // A scraper keeps its connection open between scrapes; closing must not wait for it.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    address: () => server.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
