// Where the tests find their services: localhost defaults, overridable like the app's own
// settings (MYSQL_URL, REDIS_URL, MONGO_URL). Each test file derives its own database from these.
export function testEnv() {
  const mysqlUrl = new URL(process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/clinic');
  mysqlUrl.pathname = '/';
  return {
    mysqlServerUrl: mysqlUrl.toString(),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    mongoUrl: process.env.MONGO_URL ?? null,
  };
}
