// bench/board-build.ts: what building one waiting-room board costs, the way the publisher builds it
// on every queue change: the one-statement board (scheduling/queue-service.ts boardView) against
// the earlier builder (five or more sequential queries, tests/support/board-reference.ts) in the
// same run, alternately, on the board of bench:fanout's hub (one doctor, --waiting walk-ins).
// Usage: npx tsx bench/board-build.ts [-- --waiting 20 --rounds 300]
import { createMysql } from '../db/mysql.js';
import { boardView } from '../server/modules/scheduling/queue-service.js';
import { referenceBoard } from '../tests/support/board-reference.js';
import { benchStores, flag, quantile, start, stop } from './kit.js';

const WAITING = flag('waiting', 20);
const ROUNDS = flag('rounds', 300);
const stores = await benchStores('live');
try {
  const hub = await start('bench/servers/live-hub.ts', stores.env({ BENCH_ROLE: 'primary', BENCH_PATIENTS: String(WAITING) }));
  const setup = hub.info as { locationId: string; doctorId: string; patientIds: string[]; deskToken: string };
  for (const patientId of setup.patientIds) {
    const res = await fetch(`http://127.0.0.1:${hub.info.port}/api/walk-ins`, {
      method: 'POST',
      headers: { authorization: `Bearer ${setup.deskToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ doctorId: setup.doctorId, patientId }),
    });
    if (res.status !== 201) throw new Error(`walk-in: ${res.status} ${await res.text()}`);
  }
  const mysql = createMysql(`mysql://root@127.0.0.1:3306/${stores.name}`, { connectionLimit: 4 });
  const builders = {
    'one statement': () => boardView(mysql.db, setup.locationId),
    'earlier builder': () => referenceBoard(mysql.db, setup.locationId, new Date()),
  };
  const times: Record<string, number[]> = { 'one statement': [], 'earlier builder': [] };
  for (let round = 0; round < ROUNDS + 30; round++) {
    // Alternately, so load from elsewhere falls on both alike; the first 30 rounds warm up.
    for (const [name, build] of Object.entries(builders)) {
      const t0 = performance.now();
      await build();
      if (round >= 30) times[name]!.push(performance.now() - t0);
    }
  }
  await mysql.close();
  await stop(hub.child);
  console.log(`one board, one doctor, ${WAITING} waiting; ${ROUNDS} builds each, alternately`);
  const summary = Object.fromEntries(
    Object.entries(times).map(([name, list]) => {
      const sorted = list.sort((a, b) => a - b);
      const mean = sorted.reduce((s, t) => s + t, 0) / sorted.length;
      console.log(`  ${name.padEnd(16)} p50 ${quantile(sorted, 0.5)} ms, p99 ${quantile(sorted, 0.99)} ms, mean ${mean.toFixed(2)} ms`);
      return [name, quantile(sorted, 0.5)];
    }),
  );
  console.log(`  one statement ÷ earlier builder, p50: ${(summary['one statement']! / summary['earlier builder']!).toFixed(2)}`);
} finally {
  await stores.cleanup();
}
