import { Type } from 'typebox';
import { Id } from '../../http/schemas.js';

export const InboundSmsBody = Type.Object(
  {
    from: Type.String({ minLength: 1, maxLength: 32, description: "The sender's number, E.164 preferred" }),
    body: Type.String({ maxLength: 1600, description: 'The text of the reply' }),
    messageId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        pattern: '^[\\x21-\\x7E]+$',
        description: "The provider's id of the message: a redelivery with the same id gets the first answer and changes nothing",
      }),
    ),
  },
  { additionalProperties: false },
);

export type SmsAction = 'confirmed' | 'opted_out' | 'opted_in' | 'ignored';

export const InboundSmsResult = Type.Object({
  action: Type.Union([Type.Literal('confirmed'), Type.Literal('opted_out'), Type.Literal('opted_in'), Type.Literal('ignored')], {
    description: 'ignored: unknown sender, unknown text, or nothing to confirm (the provider must not retry)',
  }),
  appointmentId: Type.Optional(Id),
});

export const SignatureHeaders = Type.Object({
  'x-clinic-timestamp': Type.Optional(Type.String({ description: 'Unix seconds when the provider signed the call' })),
  'x-clinic-signature': Type.Optional(
    Type.String({ description: 'sha256=<hex HMAC-SHA256(SMS_WEBHOOK_SECRET, "<timestamp>.<raw body>")>' }),
  ),
});
