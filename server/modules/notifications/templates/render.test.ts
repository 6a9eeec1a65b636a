// The template language: placeholders and sections parsed, malformed braces refused, values
// flattened, HTML escaped in the email's HTML part (template text and values alike), links made
// only of link placeholders holding web addresses, and an admin's unusable wording giving way.
import { describe, expect, it } from 'vitest';
import { compose } from './compose.js';
import { localDate } from './dates.js';
import { parseTemplate, renderHtml, renderText, SMS_MAX_LENGTH, unknownPlaceholder } from './render.js';

const nodes = (source: string) => {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.nodes;
};

describe('parsing', () => {
  it('finds values and sections, and leaves single braces as text', () => {
    const parsed = parseTemplate('Hi {{patientFirstName}}{{#doctorName}} ({{doctorName}}){{/doctorName}} {x} }');
    expect(parsed.ok && parsed.names).toEqual(['patientFirstName', 'doctorName']);
    expect(renderText(nodes('{a} and {b}'), {})).toBe('{a} and {b}');
  });

  it.each([
    ['an opening without a name', 'Hello {{ patientFirstName }}'],
    ['an empty tag', 'Hello {{}}'],
    ['triple braces', 'Hello {{{patientFirstName}}}'],
    ['an opening never closed', 'Hello {{patientFirstName'],
    ['a closing without its opening', 'Hello patientFirstName}}'],
    ['a section never closed', '{{#doctorName}}with {{doctorName}}'],
    ['a section closed that is not open', 'with {{/doctorName}}'],
    ['crossed sections', '{{#a}}{{#b}}{{/a}}{{/b}}'],
    ['a name starting with a digit', '{{1st}}'],
  ])('refuses %s', (_, source) => {
    const parsed = parseTemplate(source);
    expect(parsed.ok).toBe(false);
    // The reason names the rule, never what was sent.
    if (!parsed.ok) expect(parsed.reason).not.toContain('patientFirstName');
  });

  it('names the first placeholder that is not allowed', () => {
    expect(unknownPlaceholder(['a', 'b', 'c'], ['a', 'c'])).toBe('b');
    expect(unknownPlaceholder(['a'], ['a'])).toBeNull();
  });
});

describe('rendering', () => {
  it('fills values, shows a section only when its value is there, and keeps values on one line', () => {
    const template = nodes('How was your visit{{#doctorName}} with {{doctorName}}{{/doctorName}} at {{locationName}}?');
    expect(renderText(template, { doctorName: 'Dr. Dana Doe', locationName: 'Rivers' })).toBe(
      'How was your visit with Dr. Dana Doe at Rivers?',
    );
    expect(renderText(template, { doctorName: '', locationName: 'Rivers' })).toBe('How was your visit at Rivers?');
    expect(renderText(template, { doctorName: null, locationName: 'Two\nlines' })).toBe('How was your visit at Two lines?');
  });

  it('escapes a value and the template’s own text in the HTML part; the text part stays plain', () => {
    const template = nodes('Hello {{patientFirstName}},\n\nSee you at <Rivers & Sons>.');
    const values = { patientFirstName: '<b>Bo</b>' };
    expect(renderHtml(template, values, [])).toBe('<p>Hello &lt;b&gt;Bo&lt;/b&gt;,</p>\n<p>See you at &lt;Rivers &amp; Sons&gt;.</p>');
    expect(renderText(template, values)).toBe('Hello <b>Bo</b>,\n\nSee you at <Rivers & Sons>.');
  });

  it('makes links only of link placeholders that hold a web address', () => {
    const template = nodes('{{link}} {{locationName}}');
    expect(renderHtml(template, { link: 'https://hub.example/f#t=a&b', locationName: 'https://x.example' }, ['link'])).toBe(
      '<p><a href="https://hub.example/f#t=a&amp;b">https://hub.example/f#t=a&amp;b</a> https://x.example</p>',
    );
    expect(renderHtml(template, { link: 'javascript:alert(1)', locationName: '' }, ['link'])).toBe('<p>javascript:alert(1)</p>');
    expect(renderHtml(nodes('{{link}}'), { link: '"><script>' }, ['link'])).toBe('<p>&quot;&gt;&lt;script&gt;</p>');
  });
});

describe('composing a message', () => {
  const values = () => ({ patientFirstName: 'Bo', locationName: 'Rivers', startLocal: 'Friday', bookingReference: 'K7M' });

  it('uses the admin’s wording, else the built-in one', () => {
    const own = compose(
      'appointment_confirmation',
      'email',
      { subject: 'Booked: {{locationName}}', body: 'Hi {{patientFirstName}}', language: 'en' },
      values,
    );
    expect(own).toMatchObject({ subject: 'Booked: Rivers', text: 'Hi Bo', html: '<p>Hi Bo</p>' });
    expect(compose('appointment_confirmation', 'email', null, values).subject).toBe('Appointment booked: Rivers, Friday');
  });

  it('an SMS longer than three segments with this patient’s values falls back to the built-in wording', () => {
    const long = { subject: null, body: `${'x'.repeat(SMS_MAX_LENGTH - 10)} {{patientFirstName}}`, language: 'en' };
    const short = () => ({ ...values(), patientFirstName: 'Bo' });
    expect(compose('appointment_confirmation', 'sms', long, short).text).toHaveLength(SMS_MAX_LENGTH - 7);
    const longName = () => ({ ...values(), patientFirstName: 'Maximiliana Josefina' });
    expect(compose('appointment_confirmation', 'sms', long, longName).text).toBe(
      'Your appointment at Rivers is booked for Friday. Ref K7M. Reply C to confirm, STOP to opt out.',
    );
  });

  it('a wording that no longer parses, or lacks its subject, gives way', () => {
    const broken = compose('appointment_reminder', 'in_app', { subject: 'T', body: 'Hi {{', language: 'en' }, values);
    expect(broken.text).toBe('This is a reminder of your appointment at Rivers on Friday.');
    const noSubject = compose('appointment_reminder', 'in_app', { subject: null, body: 'Hi', language: 'en' }, values);
    expect(noSubject).toMatchObject({ subject: 'Appointment reminder', text: 'Hi' });
  });

  it('writes dates in the wording’s language; English as the messages always did', () => {
    const at = new Date('2026-12-04T14:30:00Z');
    expect(localDate(at, 'Europe/Berlin', 'visit')).toBe('Friday 4 December 2026 at 15:30 GMT+1');
    expect(localDate(at, 'Europe/Berlin', 'shortDay', 'en-GB')).toBe('4 Dec 2026');
    expect(localDate(at, 'Europe/Berlin', 'day', 'de')).toBe('Freitag, 4. Dezember 2026');
  });
});
