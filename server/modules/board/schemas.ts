// The board is public (it hangs in the waiting room): only tickets, rooms, doctor display names,
// ETAs and at most initials. The response schema is the allow-list: the serializer drops any
// other field, so a patient's name, reason, birth date or contact can never slip onto a screen.
import { Type } from 'typebox';
import { Id, Instant } from '../../http/schemas.js';

export const Board = Type.Object(
  {
    locationId: Id,
    seq: Type.Integer({ minimum: 0 }),
    generatedAt: Instant,
    doctors: Type.Array(
      Type.Object(
        {
          doctorId: Id,
          name: Type.String(),
          room: Type.String(),
          delayMinutes: Type.Integer({ minimum: 0, description: 'How late the doctor is running' }),
          nowServing: Type.Union([Type.Object({ ticket: Type.String() }, { additionalProperties: false }), Type.Null()]),
          waiting: Type.Array(
            Type.Object(
              {
                ticket: Type.String(),
                etaMinutes: Type.Integer({ minimum: 0 }),
                patientLabel: Type.Union([Type.String({ maxLength: 8 }), Type.Null()]),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    recentCalls: Type.Array(
      Type.Object(
        { ticket: Type.String(), room: Type.String(), doctorName: Type.String(), calledAt: Instant },
        { additionalProperties: false, description: 'The last five calls today, newest first' },
      ),
    ),
  },
  { additionalProperties: false },
);
