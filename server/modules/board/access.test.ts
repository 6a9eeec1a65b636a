// Who may read a location's board: staff any board, a waiting-room screen only its own
// location's, doctors and patients none.
import { describe, expect, it } from 'vitest';
import type { LoginRole } from '../../../db/schema/users.js';
import { AppError } from '../../errors.js';
import type { DisplayPrincipal } from '../auth/principal.js';
import { refusal, userPrincipal } from '../auth/test-principals.js';
import { assertCanReadBoard } from './access.js';

const user = (role: LoginRole) =>
  userPrincipal(role, { patientId: role === 'patient' ? 'P' : undefined, doctorId: role === 'doctor' ? 'D' : undefined });
const screenAt = (locationId: string): DisplayPrincipal => ({ kind: 'display', role: 'display', displayId: 'S1', locationId });

describe('assertCanReadBoard', () => {
  it('lets admins and receptionists read every board', () => {
    for (const role of ['admin', 'receptionist'] as const) {
      expect(() => assertCanReadBoard(user(role), 'L1')).not.toThrow();
      expect(() => assertCanReadBoard(user(role), 'L2')).not.toThrow();
    }
  });

  it('lets a screen read its own location’s board', () => {
    expect(() => assertCanReadBoard(screenAt('L1'), 'L1')).not.toThrow();
  });

  it('refuses a screen another location’s board, with 403 and the reason', () => {
    const err = refusal(() => assertCanReadBoard(screenAt('L1'), 'L2'));
    expect(err).toBeInstanceOf(AppError);
    expect(err?.statusCode).toBe(403);
    expect(err?.message).toBe('This screen belongs to another location');
  });

  it('refuses doctors and patients every board', () => {
    for (const role of ['doctor', 'patient'] as const) {
      const err = refusal(() => assertCanReadBoard(user(role), 'L1'));
      expect(err?.statusCode, role).toBe(403);
      expect(err?.code, role).toBe('FORBIDDEN');
    }
  });
});
