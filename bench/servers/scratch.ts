// Settings for a bench's own hub: production mode on a scratch database and Redis prefix named
// after it, so a bench never touches a real clinic's data and cleans up after itself. Benches
// measure throughput from one login, so the request limits are raised far above it (still on).
import { loadConfig } from '../../server/config.js';

export function scratchConfig(database: string) {
  return loadConfig({
    PATH: process.env.PATH,
    REDIS_URL: process.env.REDIS_URL,
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'warn',
    MYSQL_URL: `mysql://root@127.0.0.1:3306/${database}`,
    REDIS_PREFIX: database,
    RATE_LIMIT_PER_USER: '100000000',
    RATE_LIMIT_PER_IP: '100000000',
    RATE_LIMIT_EXPENSIVE: '100000000',
    MAX_IN_FLIGHT_PER_CALLER: '100000',
    SOCKET_BUDGET_SCALE: '100000',
  });
}
