import { startDoubleProcess } from './bench/kit.js';
import { migrateMysql } from './db/migrate-mysql.js';
import { RAISED_LIMITS } from './tests/support/test-hub.js';
import { readyNode, startServerNode } from './tests/support/server-node.js';
const d = await startDoubleProcess();
const u = new URL(d.url); u.pathname = '/clinic_nke';
const env = { NODE_ENV: 'test', MYSQL_URL: 'mysql://root@127.0.0.1:3306/clinic_nkdbg', MONGO_URL: u.toString(), REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'clinic_nke', LOG_LEVEL: 'silent', ...RAISED_LIMITS, JWT_SECRET: 'x'.repeat(40) };
console.log(env.MONGO_URL);
const n = await startServerNode(env);
try { await readyNode(n.base, 20_000); console.log('READY'); } catch (e) { console.log((e as Error).message); console.log(n.log.filter((l) => !l.includes('"level":30')).join('\n').slice(0, 3000)); }
await n.kill(); await d.close();
