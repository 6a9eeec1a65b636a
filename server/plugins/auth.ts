// Resolves the caller of every request that carries `Authorization: Bearer …`:
// - an access token (JWT, HS256, short-lived) → a person with a role;
// - a display token (`dsp_…`, opaque, long-lived) → a waiting-room screen of one location.
// A bad or expired token is a 401 even on routes that would not need one: a client with a
// broken token should find out. Which roles may call a route is decided by `allow(...)`.
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ErrorCode, unauthorized } from '../errors.js';
import { type AccessClaims, principalFromClaims } from '../modules/auth/access-token.js';
import type { Principal } from '../modules/auth/principal.js';
import { DISPLAY_TOKEN_PREFIX, findDisplayByToken } from '../modules/displays/tokens.js';

declare module 'fastify' {
  interface FastifyInstance {
    signAccessToken(claims: AccessClaims): string;
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header);
  if (!match?.[1]) throw unauthorized('Authorization header must be "Bearer <token>"');
  return match[1];
}

async function authPlugin(app: FastifyInstance) {
  const { jwtSecret, auth } = app.config;
  await app.register(jwt, {
    secret: jwtSecret,
    sign: { algorithm: 'HS256', expiresIn: auth.accessTokenTtlSeconds, iss: 'clinic-hub' },
    verify: { algorithms: ['HS256'], allowedIss: 'clinic-hub', cache: true },
  });
  app.decorate('signAccessToken', (claims: AccessClaims) => app.jwt.sign(claims));
  app.decorateRequest('principal', null);

  async function resolve(token: string): Promise<Principal> {
    if (token.startsWith(DISPLAY_TOKEN_PREFIX)) {
      const display = await findDisplayByToken(app.db, token);
      if (!display) throw unauthorized('Display token is not valid');
      return { kind: 'display', role: 'display', displayId: display.id, locationId: display.locationId };
    }
    let claims: AccessClaims;
    try {
      claims = app.jwt.verify<AccessClaims>(token);
    } catch (err) {
      const expired = (err as { code?: string }).code === 'FAST_JWT_EXPIRED';
      throw expired
        ? new AppError(401, ErrorCode.TOKEN_EXPIRED, 'Access token expired; refresh it')
        : unauthorized('Access token is not valid');
    }
    return principalFromClaims(claims);
  }

  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (token) request.principal = await resolve(token);
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['stores'] });
