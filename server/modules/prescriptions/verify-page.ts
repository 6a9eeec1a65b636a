// The page a pharmacist's phone opens from the printed QR code: server-rendered, no script, the
// same facts as the JSON answer (number, status, dates, prescriber, items, patient initials and
// birth year) and nothing more. Every value is escaped.
import { DateTime } from 'luxon';
import type { Static } from 'typebox';
import type { Verification } from './schemas.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATUS_WORDS: Record<string, string> = {
  active: 'Valid — not dispensed yet',
  partially_dispensed: 'Valid — partly dispensed',
  dispensed: 'Fully dispensed',
  cancelled: 'Cancelled — do not dispense',
  expired: 'Expired — do not dispense',
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem;color:#111}
h1{font-size:1.4rem}.ok{background:#e6f4ea;border:2px solid #1e7e34}.bad{background:#fdecea;border:2px solid #b3261e}
.box{padding:1rem;border-radius:.5rem;margin:1rem 0}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.35rem;border-bottom:1px solid #ccc}`;

/** A page in the clinic's time zone (the dates a pharmacist compares with the paper). */
export function verifyPage(v: Static<typeof Verification>, timeZone: string): string {
  const day = (iso: string) => DateTime.fromISO(iso, { zone: timeZone }).toFormat('d LLL yyyy');
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>Prescription check</title><style>${STYLE}</style></head><body><main>`;
  if (!v.valid || !v.number)
    return `${head}<h1>Prescription check</h1><div class="box bad" role="alert"><strong>Not valid.</strong> This code does not match a prescription signed by this clinic, or the prescription was changed after signing. Do not dispense; contact the prescriber.</div></main></body></html>`;
  const dispensable = v.status === 'active' || v.status === 'partially_dispensed';
  const items = (v.items ?? [])
    .map(
      (i) =>
        `<tr><td>${escapeHtml(i.name)} ${escapeHtml(i.strength)} (${escapeHtml(i.form.replace(/_/g, ' '))})</td><td>${escapeHtml(i.dose)}, ${escapeHtml(i.frequency)}, ${i.durationDays} days</td><td>${i.quantity}</td></tr>`,
    )
    .join('');
  return `${head}<h1>Prescription ${escapeHtml(v.number)}</h1>
<div class="box ${dispensable ? 'ok' : 'bad'}" role="status"><strong>Genuine signature.</strong> ${escapeHtml(STATUS_WORDS[v.status ?? ''] ?? v.status ?? '')}</div>
<p>Issued ${day(v.issuedAt ?? '')}, valid until ${day(v.validUntil ?? '')}. Fills remaining: ${v.fillsRemaining ?? 0}.</p>
<p>Prescriber: ${escapeHtml(v.doctor?.name ?? '')}, licence ${escapeHtml(v.doctor?.licenseNumber ?? '')}</p>
<p>Patient: ${escapeHtml(v.patient?.initials ?? '')}, born ${v.patient?.birthYear ?? ''} — check against the patient's identification.</p>
<table><thead><tr><th>Medicine</th><th>Directions</th><th>Quantity</th></tr></thead><tbody>${items}</tbody></table>
</main></body></html>`;
}
