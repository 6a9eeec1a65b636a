// How the templates page names kinds and channels of message, and what it says about a text
// message's length: one SMS holds 160 plain characters (70 with any other), a longer one goes in
// parts of 153 (67); the hub refuses a wording that would pass three parts with long real values.
import { languageName } from './choices';
import type { Template, TemplateChannel, TemplateKind } from './records-contract';

export const KIND_LABEL: Record<TemplateKind, string> = {
  appointment_confirmation: 'Visit booked',
  appointment_reminder: 'Visit reminder',
  appointment_moved: 'Visit moved',
  appointment_cancelled: 'Visit cancelled',
  prescription_issued: 'Prescription issued',
  prescription_ready: 'Prescription ready',
  refill_approved: 'Refill approved',
  refill_denied: 'Refill declined',
  payment_received: 'Payment received',
  payment_failed: 'Payment failed',
  feedback_request: 'Feedback request',
};

export const CHANNEL_LABEL: Record<TemplateChannel, string> = { email: 'Email', sms: 'Text message', in_app: 'In-app notice' };
/** "Visit booked · Email · English" */
export const templateName = (t: Pick<Template, 'kind' | 'channel' | 'language'>) =>
  `${KIND_LABEL[t.kind]} · ${CHANNEL_LABEL[t.channel]} · ${languageName(t.language)}`;

export const CHANNELS: readonly TemplateChannel[] = ['email', 'sms', 'in_app'];

/** The GSM 7-bit basic set: a text of only these fits 160 a part, any other character makes it 70. */
const GSM = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

/** How many parts a text message of `text` is sent in. */
export function smsParts(text: string): number {
  const plain = GSM.test(text);
  const [one, part] = plain ? [160, 153] : [70, 67];
  return text.length <= one ? 1 : Math.ceil(text.length / part);
}

/** "138 characters: one text message." for the sample preview. */
export function smsLengthText(text: string): string {
  const parts = smsParts(text);
  return `The sample is ${text.length} characters: ${parts === 1 ? 'one text message' : `${parts} text messages joined`}.`;
}
