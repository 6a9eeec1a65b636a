import { loadConfig } from '../server/config.js';
for (const env of [{ MYSQL_URL: 'mysql://root@127.0.0.1:3306' }, { MYSQL_URL: 'mysql://root@127.0.0.1:3306/my-db' }, { CORS_ORIGINS: 'https://a.example, not a url' }, { REMINDER_OFFSETS: 'P1D,P1D' }, { HOST: 'not a host!' }, {REDIS_URL:'redis://:pw@x:6379/abc'}, {MONGO_URL: 'mongodb://x:27017'}]) {
  try { const c = loadConfig(env as any); console.log('accepted', JSON.stringify(env), c.corsOrigins, c.reminderOffsets.length); } catch (e) { console.log('refused', JSON.stringify(env), (e as Error).message); }
}
