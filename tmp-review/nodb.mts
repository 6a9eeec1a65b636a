import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
const app = await buildApp(loadConfig({ NODE_ENV: 'test', MYSQL_URL: 'mysql://root@127.0.0.1:3306', LOG_LEVEL: 'silent', MONGO_URL: 'mongodb://127.0.0.1:1/x' }));
await app.ready();
const r1 = await app.inject({ url: '/health/ready' });
const r2 = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.example', password: 'x' } });
console.log(r1.statusCode, r1.body, '|', r2.statusCode, r2.body);
await app.close(); process.exit(0);
