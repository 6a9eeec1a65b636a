// Login, refresh and logout. No Fastify types here: routes pass plain values in and get
// plain values (or AppErrors) back.
import type { Database } from '../../../db/mysql.js';
import { AppError, ErrorCode } from '../../errors.js';
import { findLoginByEmail, loadPrincipal, markLoggedIn, normaliseEmail } from '../users/repository.js';
import { type AccessClaims, claimsOf } from './access-token.js';
import type { DeviceCookie, DeviceCookies } from './known-devices.js';
import type { LoginLimiter } from './login-limiter.js';
import { verifyPassword } from './passwords.js';
import type { UserPrincipal } from './principal.js';
import type { RefreshTokenStore } from './refresh-tokens.js';
import type { RevocationList } from './revocations.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export interface LoginAttempt {
  email: string;
  password: string;
  ip: string;
  /** The request's cookies by name: a known device presents its device cookie among them. */
  cookies: Readonly<Record<string, string | undefined>>;
}

export interface LoginResult extends TokenPair {
  user: UserPrincipal;
  /** The device cookie to set: this browser is a known device of the account from now on. */
  device: DeviceCookie;
}

// One message for every login failure: it must not tell which of email or password was wrong.
const invalidCredentials = () => new AppError(401, ErrorCode.UNAUTHORIZED, 'Email or password is incorrect');
const invalidRefresh = () => new AppError(401, ErrorCode.UNAUTHORIZED, 'Refresh token is not valid; log in again');

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly limiter: LoginLimiter,
    private readonly devices: DeviceCookies,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly revocations: Pick<RevocationList, 'revokeFamily'>,
    private readonly signAccessToken: (claims: AccessClaims) => string,
  ) {}

  /**
   * `onAccount` hears which login the email belongs to (null: none) before anything can refuse
   * the attempt, so a refused attempt is still recorded against its account.
   */
  async login(attempt: LoginAttempt, onAccount: (userId: string | null) => void = () => {}): Promise<LoginResult> {
    const email = normaliseEmail(attempt.email);
    const account = await findLoginByEmail(this.db, email);
    onAccount(account?.id ?? null);
    const deviceId = account ? this.devices.verify(account.id, attempt.cookies[this.devices.nameFor(account.id)]) : null;
    const admission = await this.limiter.admit(attempt.ip, email, deviceId);
    const passwordOk = await verifyPassword(account?.passwordHash ?? null, attempt.password);
    const principal = account && passwordOk && account.active ? await loadPrincipal(this.db, account.id) : null;
    if (!principal) throw invalidCredentials();
    await this.limiter.succeeded(email, admission);
    await markLoggedIn(this.db, principal.userId);
    const session = await this.refreshTokens.issue(principal.userId);
    return {
      accessToken: this.signAccessToken(claimsOf(principal, session.familyId)),
      refreshToken: session.token,
      user: principal,
      // A known device keeps its id (its failure count stays its own); the cookie's age starts again.
      device: this.devices.issue(principal.userId, deviceId ?? undefined),
    };
  }

  async refresh(token: string): Promise<TokenPair> {
    // Re-read the user: a deactivated account gets no new tokens, and role changes apply.
    let principal: UserPrincipal | null = null;
    const outcome = await this.refreshTokens.rotate(token, async (userId) => {
      principal = await loadPrincipal(this.db, userId);
      return principal !== null;
    });
    if (!outcome.ok) {
      // The store revoked the family (reuse of a spent token): its access tokens end now too.
      if (outcome.familyId) await this.revocations.revokeFamily(outcome.familyId);
      throw invalidRefresh();
    }
    if (!principal) throw invalidRefresh();
    return { accessToken: this.signAccessToken(claimsOf(principal, outcome.familyId)), refreshToken: outcome.next };
  }

  /** Ends the session: its refresh tokens, and at once its access tokens on every node. */
  async logout(token: string): Promise<void> {
    const familyId = await this.refreshTokens.revokeByToken(token);
    if (familyId) await this.revocations.revokeFamily(familyId);
  }
}
