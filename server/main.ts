// Runs the server: validates the configuration, builds the app, listens, and on SIGTERM/SIGINT
// stops taking new connections, lets in-flight requests finish, then closes the stores.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { record, recordStartupFailure } from './modules/system-logs/store.js';

function configOrExit() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

const config = configOrExit();
/** A start that fails is kept where admins look (GET /api/system-logs) before the process ends. */
const orLogged = <T>(step: Promise<T>) =>
  step.catch(async (err: unknown) => {
    await recordStartupFailure(config.mongoUrl, 'server', err);
    throw err;
  });
const app = await orLogged(buildApp(config));
const startupWarning = (message: string) => {
  app.log.warn(message);
  void record(app.mongo.db, { level: 'warn', source: 'server', event: 'startup.warning', message });
};
if (config.jwtSecretGenerated) {
  startupWarning(
    'JWT_SECRET is not set: using a random secret for this process (tokens end with it; set JWT_SECRET to share one across nodes)',
  );
}
if (config.signingKey.generated) {
  startupWarning(
    'SIGNING_KEY_FILE is not set: prescriptions are signed with a key for this process only (they stop verifying after a restart)',
  );
}

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
});

await orLogged(app.listen({ port: config.port, host: config.host }));
