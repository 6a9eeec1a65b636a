// POST /api/auth/login, /refresh, /logout and GET /api/me.
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearer, errors } from '../../http/schemas.js';
import { auditCreates } from '../audit/rules.js';
import { getLocation } from '../locations/repository.js';
import { locationsOfUser, normaliseEmail } from '../users/repository.js';
import { emailHasher } from './audit-target.js';
import { DEVICE_COOKIE_PATH, DeviceCookies } from './known-devices.js';
import { LoginLimiter } from './login-limiter.js';
import { allow, PEOPLE, principalOf, type UserPrincipal } from './principal.js';
import { RefreshTokenStore } from './refresh-tokens.js';
import { DisplayMe, LoginBody, LoginResponse, Me, RefreshBody, TokenPair } from './schemas.js';
import { AuthService } from './service.js';

function meOf(p: UserPrincipal) {
  return {
    id: p.userId,
    email: p.email,
    role: p.role,
    firstName: p.firstName,
    lastName: p.lastName,
    patientId: p.patientId,
    doctorId: p.doctorId,
  };
}

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { auth, jwtSecret } = app.config;
  const refreshTokens = new RefreshTokenStore(app.db, auth.refreshTokenTtlDays);
  const devices = new DeviceCookies(jwtSecret, auth.loginDeviceDays * 86_400);
  const service = new AuthService(
    app.db,
    new LoginLimiter(app.redis, app.config),
    devices,
    refreshTokens,
    app.revocations,
    app.signAccessToken,
  );
  const hashEmail = emailHasher(jwtSecret);

  app.post(
    '/api/auth/login',
    {
      config: auditCreates([]),
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password',
        description:
          'Sets a device cookie (HttpOnly, SameSite=Strict, Path=/api/auth/login, Secure over HTTPS): a later login to the same ' +
          'account that sends it back is from a known device. Unknown devices are limited per client IP, and per account by a ' +
          'slowdown: after LOGIN_MAX_FAILURES_PER_ACCOUNT failures in a row each attempt must wait a delay that doubles per ' +
          'failure (0.5 s, 1 s, 2 s … 30 s by default); an earlier attempt gets 429 RATE_LIMITED with Retry-After and is not ' +
          'checked. Known devices skip both, within their own budget of failures, so nobody can lock the owner out.',
        body: LoginBody,
        response: { 200: LoginResponse, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const target = { type: 'users' as const, id: null as string | null, emailHash: hashEmail(normaliseEmail(email)) };
      request.auditTarget = target;
      const result = await service.login(
        { email, password, ip: request.ip, cookies: request.headers.cookie ? fastifyCookie.parse(request.headers.cookie) : {} },
        (userId) => {
          target.id = userId;
        },
      );
      reply.header(
        'set-cookie',
        fastifyCookie.serialize(result.device.name, result.device.value, {
          path: DEVICE_COOKIE_PATH,
          maxAge: devices.maxAgeSeconds,
          httpOnly: true,
          sameSite: 'strict',
          // request.protocol honours X-Forwarded-Proto only from the proxies TRUST_PROXY names.
          secure: request.protocol === 'https',
        }),
      );
      return { accessToken: result.accessToken, refreshToken: result.refreshToken, user: meOf(result.user) };
    },
  );

  app.post(
    '/api/auth/refresh',
    {
      config: auditCreates([]),
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for a new pair (the old one is spent)',
        description:
          'The new access token belongs to the same session. Presenting an already spent refresh token ends the session: ' +
          'every refresh token of it, and at once every access token of it on every node (401; its sockets are closed).',
        body: RefreshBody,
        response: { 200: TokenPair, ...errors(400, 401) },
      },
    },
    async (request) => service.refresh(request.body.refreshToken),
  );

  app.post(
    '/api/auth/logout',
    {
      config: auditCreates([]),
      schema: {
        tags: ['auth'],
        summary: 'End the session the refresh token belongs to',
        description:
          'Its refresh tokens stop working, and at once its access tokens on every node (401; sockets opened with them are ' +
          'closed and refused). Other sessions of the same login are not affected. Unknown tokens are ignored.',
        body: RefreshBody,
        response: { 204: Type.Null(), ...errors(400) },
      },
    },
    async (request, reply) => {
      await service.logout(request.body.refreshToken);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The caller: a person, or a display screen',
        security: bearer,
        response: { 200: Type.Union([Me, DisplayMe]), ...errors(401) },
      },
      onRequest: allow(...PEOPLE, 'nurse', 'pharmacist', 'display'),
    },
    async (request) => {
      const p = principalOf(request);
      if (p.kind === 'display') {
        const where = await getLocation(app.db, p.locationId);
        return {
          id: p.displayId,
          role: 'display' as const,
          locationId: p.locationId,
          locationName: where.name,
          timezone: where.timezone,
          language: where.language,
        };
      }
      // Pharmacists and nurses work at the locations their login is tied to: their pages offer those.
      if (p.role === 'pharmacist' || p.role === 'nurse') return { ...meOf(p), locationIds: await locationsOfUser(app.db, p.userId) };
      return meOf(p);
    },
  );
};

export default authRoutes;
