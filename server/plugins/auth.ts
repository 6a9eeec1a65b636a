// Who is calling. Routes that need a caller declare it with `onRequest: allow(...roles)`, which
// resolves the bearer token first, so refusals come before validation (401/403, then 400):
// - an access token (JWT, HS256, short-lived) → a person with a role, refused at once when its
//   login is deactivated or its session (`fam`) has ended (modules/auth/revocations.ts);
// - a display token (`dsp_…`, opaque, long-lived) → a waiting-room screen of one location.
// Public routes (login, refresh, logout, health) ignore the Authorization header: a client that
// sends its expired access token along with a refresh must still be able to refresh.
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ErrorCode, unauthorized } from '../errors.js';
import { type AccessClaims, principalFromClaims } from '../modules/auth/access-token.js';
import type { Principal } from '../modules/auth/principal.js';
import { familiesRevokedSince } from '../modules/auth/refresh-tokens.js';
import { type DurableRevocations, RevocationList } from '../modules/auth/revocations.js';
import { VerifiedTokens } from '../modules/auth/verified-tokens.js';
import { DISPLAY_TOKEN_PREFIX, findDisplayByToken } from '../modules/displays/tokens.js';
import { deactivatedSince } from '../modules/users/repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    signAccessToken(claims: AccessClaims): string;
    /** The caller of a request with a bearer token, or null without one; 401 for a bad token. */
    resolvePrincipal(request: FastifyRequest): Promise<Principal | null>;
    /** The caller a raw token stands for (Socket.IO handshakes); 401 AppError when it is not valid. */
    authenticateToken(token: string): Promise<Principal>;
    revocations: RevocationList;
  }
}

type VerifiedClaims = AccessClaims & { iat: number; exp: number };

/** `known`: a token verified before passed this pattern then, so its header is not matched again. */
function bearerToken(request: FastifyRequest, known: (token: string) => boolean): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  if (header.startsWith('Bearer ') && known(header.slice(7))) return header.slice(7);
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header);
  if (!match?.[1]) throw unauthorized('Authorization header must be "Bearer <token>"');
  return match[1];
}

async function authPlugin(app: FastifyInstance) {
  const { jwtSecret, auth } = app.config;
  await app.register(jwt, {
    secret: jwtSecret,
    sign: { algorithm: 'HS256', expiresIn: auth.accessTokenTtlSeconds, iss: 'clinic-hub' },
    verify: { algorithms: ['HS256'], allowedIss: 'clinic-hub', requiredClaims: ['iss', 'exp', 'iat', 'sub', 'role'] },
  });
  app.decorate('signAccessToken', (claims: AccessClaims) => app.jwt.sign(claims));
  app.decorateRequest('principal', null);

  // MySQL keeps revocations for good; Redis only spreads them (a Redis that lost its data gets them back from here).
  const durable: DurableRevocations = async (since) => {
    const [families, logins] = await Promise.all([familiesRevokedSince(app.db, since), deactivatedSince(app.db, since)]);
    return [
      ...families.flatMap((f) => (f.at ? [{ kind: 'family' as const, id: f.familyId, at: f.at.getTime() }] : [])),
      ...logins.flatMap((u) => (u.at ? [{ kind: 'user' as const, id: u.id, at: u.at.getTime() }] : [])),
    ];
  };
  const revocations = new RevocationList(app.redis, app.config.redisPrefix, auth.accessTokenTtlSeconds * 1000, durable);
  app.decorate('revocations', revocations);
  app.addHook('onReady', () => revocations.start());
  app.addHook('onClose', () => revocations.stop());

  // Replaces fast-jwt's cache, which SHA-256-hashes the whole token on every request (verified-tokens.ts).
  const verified = new VerifiedTokens<VerifiedClaims>();
  const isVerified = (token: string) => verified.get(token) !== undefined;

  /** The token's claims: from the cache while it has not expired, else verified in full (then cached). */
  function verify(token: string): VerifiedClaims {
    const cached = verified.get(token);
    if (cached) return cached;
    let claims: VerifiedClaims;
    try {
      claims = app.jwt.verify<VerifiedClaims>(token);
    } catch (err) {
      const expired = (err as { code?: string }).code === 'FAST_JWT_EXPIRED';
      throw expired
        ? new AppError(401, ErrorCode.TOKEN_EXPIRED, 'Access token expired; refresh it')
        : unauthorized('Access token is not valid');
    }
    verified.remember(token, claims);
    return claims;
  }

  async function resolve(token: string): Promise<Principal> {
    if (token.startsWith(DISPLAY_TOKEN_PREFIX)) {
      const display = await findDisplayByToken(app.db, token);
      if (!display) throw unauthorized('Display token is not valid');
      return { kind: 'display', role: 'display', displayId: display.id, locationId: display.locationId };
    }
    const claims = verify(token);
    // Checked on every request, the cached ones too: a revocation applies at once.
    if (revocations.isRevoked(claims.sub, claims.iat)) throw unauthorized('This login has been deactivated');
    // The session ended (logout, or a spent refresh token presented again). Tokens from before
    // sessions were named carry no `fam` and run to their expiry.
    if (claims.fam && revocations.isFamilyRevoked(claims.fam)) throw unauthorized('This session has ended; log in again');
    return principalFromClaims(claims);
  }

  app.decorate('authenticateToken', resolve);
  app.decorate('resolvePrincipal', async (request: FastifyRequest) => {
    if (request.principal) return request.principal;
    const token = bearerToken(request, isVerified);
    if (!token) return null;
    request.principal = await resolve(token);
    return request.principal;
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['stores'] });
