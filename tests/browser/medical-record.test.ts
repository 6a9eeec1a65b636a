// The medical record in real Chromium against a real hub (issue 17): a nurse records triage vitals
// for a checked-in patient on /nurse, the doctor's open chart plots them as they are saved (it
// hears `chart:changed` and reads its vitals again, no reload), the doctor uploads a small PDF lab
// report from the chart and shares it, and the patient opens and downloads it under "My record" in
// the portal, the bytes unchanged; the doctor's fuller note (chief complaint, sensitive) reaches the
// patient once final and shared. Every page is checked with axe-core and photographed for the README.
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations, signedIn } from '../support/browser.js';
import { consoleHelpers, eventually, SLOW } from '../support/doctor-console.js';
import { login, PASSWORD } from '../support/factories.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

let served: ServedClinic;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const { http, registered, ownDoctor, walkIn, consoleOf } = consoleHelpers(
  () => served,
  () => browser,
);

/** A one-page PDF, small enough to read in a test; the hub knows it by its bytes (%PDF-). */
const LAB_PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
);

/** A page that fails the test on a script error, and says which requests the hub refused. */
async function opened(context: Awaited<ReturnType<typeof signedIn>>, url: string): Promise<{ page: Page; trouble: string[] }> {
  const page = await context.newPage();
  const trouble: string[] = [];
  page.on('pageerror', (err) => trouble.push(err.message));
  page.on('response', (res) => res.status() >= 400 && res.url().includes('/api/') && trouble.push(`${res.status()} ${res.url()}`));
  await page.goto(url);
  return { page, trouble };
}

describe('the medical record', () => {
  it(
    'a nurse records triage vitals, the doctor’s chart plots them live, a shared lab report reaches the patient’s portal',
    async () => {
      const { admin } = served.clinic;
      const doctor = await ownDoctor({ firstName: 'Helena', lastName: 'Varga' });
      const { locationId } = await http<{ locationId: string }>(doctor, 'GET', `/api/doctors/${doctor.doctorId}`);
      const nurseEmail = `nurse.${randomUUID()}@clinic.example`;
      await http(admin, 'POST', '/api/users', {
        email: nurseEmail,
        password: PASSWORD,
        role: 'nurse',
        firstName: 'Ada',
        lastName: 'Nowak',
        locationIds: [locationId],
      });
      const patient = await registered({ firstName: 'Petra', lastName: 'Lindholm', allergies: ['Penicillin'] });
      const visit = await walkIn(doctor, patient, 'Fever and cough for two days');

      // The doctor opens the patient's chart from the queue: no vitals yet.
      const consolePage = await consoleOf(doctor);
      await consolePage.getByRole('region', { name: 'Queue' }).getByRole('button', { name: 'Open the record of Petra Lindholm' }).click();
      const panel = consolePage.getByRole('region', { name: /^Patient: Petra Lindholm/ });
      const vitals = panel.getByRole('region', { name: 'Vital signs over time' });
      await eventually(() => vitals.textContent()).toContain('No vital signs recorded yet.');
      expect(await panel.locator('.allergies').textContent()).toBe('Allergies: Penicillin');

      // A wrong entry is corrected where it is listed (pressed, then confirmed), never deleted.
      await http(doctor, 'POST', `/api/patients/${patient.patientId}/allergies`, { substance: 'Latex', severity: 'mild' });
      await eventually(() => panel.locator('.allergies').textContent()).toBe('Allergies: Penicillin, Latex');
      const latex = panel.getByRole('list', { name: 'Allergies with severity' }).getByRole('listitem').filter({ hasText: 'Latex' });
      await latex.getByRole('button', { name: 'Recorded in error: Latex' }).click();
      await latex.getByRole('button', { name: 'Confirm: recorded in error: Latex' }).click();
      await eventually(() => panel.locator('.allergies').textContent()).toBe('Allergies: Penicillin');
      const kept = await http<{ allergies: { substance: string }[] }>(doctor, 'GET', `/api/patients/${patient.patientId}/record`);
      expect(kept.allergies.map((a) => a.substance)).toEqual(['Penicillin']);

      // Family history added from the chart.
      const history = panel.getByRole('region', { name: 'History' });
      await history.getByRole('button', { name: 'Add history…' }).click();
      const addHistory = history.getByRole('form', { name: 'Add history' });
      await addHistory.getByLabel('Kind of history').selectOption('family');
      await addHistory.getByLabel('What').fill('Type 2 diabetes');
      await addHistory.getByLabel('Who (optional)').fill('Mother');
      await addHistory.getByRole('button', { name: 'Add history' }).click();
      await eventually(() => history.textContent()).toContain('Type 2 diabetes (Mother)');

      // The nurse, at their location: the checked-in patient, not triaged yet.
      const nurseTokens = await login(served.hub, nurseEmail);
      const nurseContext = await signedIn(browser, {
        role: 'admin',
        token: nurseTokens.accessToken,
        refreshToken: nurseTokens.refreshToken,
      });
      const { page: nursePage, trouble } = await opened(nurseContext, `${served.base}/nurse`);
      const list = nursePage.getByRole('list', { name: 'Checked-in patients' });
      const row = list.getByRole('listitem').filter({ hasText: 'Petra Lindholm' });
      try {
        await eventually(() => row.count()).toBe(1);
      } catch (err) {
        throw new Error(
          `the triage list did not show the patient: ${trouble.join('; ')} | ${await nursePage.locator('body').innerText()}`,
          { cause: err },
        );
      }
      expect(await row.textContent()).toContain('Not triaged');
      expect(await row.textContent()).toContain(visit.ticket);
      await row.getByRole('button', { name: 'Record vitals for Petra Lindholm' }).click();
      const form = row.getByRole('form', { name: /^Triage vitals for Petra Lindholm/ });
      await form.getByLabel('Temperature (°C)').fill('38.4');
      await form.getByLabel('Heart rate (/min)').fill('104');
      await form.getByLabel('Systolic (mmHg)').fill('132');
      await form.getByLabel('Diastolic (mmHg)').fill('84');
      await form.getByLabel('SpO₂ (%)').fill('96');
      expect(await form.textContent()).toContain('outside the usual range');
      expect(await seriousA11yViolations(nursePage)).toEqual([]);
      await screenshot(nursePage, 'nurse-triage');
      await form.getByRole('button', { name: 'Record vitals' }).click();
      await eventually(() => nursePage.getByRole('status').filter({ hasText: 'Vitals recorded for Petra Lindholm' }).count()).toBe(1);
      await eventually(() => row.textContent()).toMatch(/Triaged \d\d:\d\d/);
      expect(await seriousA11yViolations(nursePage)).toEqual([]);

      // The doctor's chart, never reloaded: the triage point is plotted, and readable as a table.
      const pressure = vitals.getByRole('figure', { name: 'Blood pressure over time, mmHg' });
      await eventually(() => pressure.getAttribute('data-points')).toBe('1');
      expect(await pressure.locator('canvas').count()).toBeGreaterThan(0);
      await pressure.getByText('Blood pressure as a table').click();
      const reading = pressure.getByRole('table').getByRole('row').nth(1);
      expect(await reading.getByRole('cell').allTextContents()).toEqual([expect.any(String), '132', '84', 'Triage']);
      expect(await vitals.getByRole('figure', { name: 'Temperature over time, °C' }).textContent()).toContain('latest 38.4 °C');
      const [stored] = (
        await http<{ vitals: { source: string; systolic?: number }[] }>(doctor, 'GET', `/api/patients/${patient.patientId}/vitals`)
      ).vitals;
      expect(stored).toMatchObject({ source: 'triage', systolic: 132 });

      // A lab report uploaded from the chart and shared with the patient.
      const documents = panel.getByRole('region', { name: 'Documents' });
      await documents.getByRole('button', { name: 'Upload a document…' }).click();
      const upload = documents.getByRole('form', { name: 'Upload a document' });
      await upload.getByLabel('Document type').selectOption('lab_report');
      await upload.getByLabel('Title').fill('Full blood count');
      await upload.getByLabel('Tags (optional)').fill('blood, routine');
      await upload.getByLabel('File').setInputFiles({ name: 'fbc.pdf', mimeType: 'application/pdf', buffer: LAB_PDF });
      await upload.getByLabel('Share this document with the patient').check();
      await upload.getByRole('button', { name: 'Upload' }).click();
      await eventually(() => documents.getByRole('status').textContent()).toBe('“Full blood count” uploaded and shared with the patient.');
      const item = documents
        .getByRole('list', { name: 'Documents', exact: true })
        .getByRole('listitem')
        .filter({ hasText: 'Full blood count' });
      await eventually(() => item.textContent()).toContain('Shared with the patient');
      expect(await item.textContent()).toContain('Lab report');
      const [doc] = (
        await http<{ documents: { id: string; sha256: string; sharedWithPatient: boolean }[] }>(
          doctor,
          'GET',
          `/api/patients/${patient.patientId}/documents`,
        )
      ).documents;
      expect(doc).toMatchObject({ sha256: createHash('sha256').update(LAB_PDF).digest('hex'), sharedWithPatient: true });
      // The fuller note: a chief complaint, a sensitive note, final and shared with the patient.
      await panel.getByLabel('Chief complaint').fill('Fever and cough');
      await panel.getByLabel('Subjective').fill('Fever since Tuesday, dry cough at night.');
      await panel.getByLabel('Plan').fill('Rest, fluids; come back if the fever lasts beyond Friday.');
      await panel.getByRole('radio', { name: /^Sensitive/ }).check();
      await panel.getByLabel('Final version').check();
      await panel.getByLabel('Share with the patient', { exact: true }).check();
      await panel.getByRole('button', { name: 'Save note' }).click();
      await eventually(() => panel.getByRole('status').filter({ hasText: 'saved' }).textContent()).toMatch(/^Version 1 saved/);
      const [note] = (
        await http<{ notes: { privacy: string; soap: { chiefComplaint?: string } }[] }>(
          doctor,
          'GET',
          `/api/notes?appointmentId=${visit.id}`,
        )
      ).notes;
      expect(note).toMatchObject({ privacy: 'sensitive', soap: { chiefComplaint: 'Fever and cough' } });
      expect(await seriousA11yViolations(consolePage)).toEqual([]);
      // The chart from its allergies to its documents, in one picture.
      await consolePage.setViewportSize({ width: 1440, height: 1500 });
      await panel.getByRole('region', { name: 'Allergies' }).evaluate((el) => el.scrollIntoView());
      await screenshot(consolePage, 'record-chart');

      // The patient's portal: the vitals and the shared report, opened in a tab and downloaded.
      const portalContext = await signedIn(browser, patient, { viewport: { width: 390, height: 844 } });
      const { page: portal } = await opened(portalContext, `${served.base}/patient`);
      const record = portal.getByRole('region', { name: 'My record' });
      const shared = record.getByRole('list', { name: 'Your documents' }).getByRole('listitem').filter({ hasText: 'Full blood count' });
      await eventually(() => shared.count()).toBe(1);
      expect(await record.getByRole('figure', { name: 'Blood pressure over time, mmHg' }).getAttribute('data-points')).toBe('1');
      expect(await record.getByRole('list', { name: 'Your allergies' }).textContent()).toContain('Penicillin');
      const notes = record.getByRole('region', { name: 'Visit notes shared with you' });
      await notes.locator('summary').filter({ hasText: 'Dr. Helena Varga' }).click();
      await eventually(() => notes.textContent()).toContain('come back if the fever lasts beyond Friday');
      const [tab] = await Promise.all([
        portalContext.waitForEvent('page'),
        shared.getByRole('button', { name: 'Open Full blood count' }).click(),
      ]);
      await eventually(() => tab.url()).toMatch(/^blob:/);
      await tab.close();
      const [download] = await Promise.all([
        portal.waitForEvent('download'),
        shared.getByRole('button', { name: 'Download Full blood count' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('Full-blood-count.pdf');
      expect(Buffer.compare(await readFile(await download.path()), LAB_PDF)).toBe(0);
      expect(await seriousA11yViolations(portal)).toEqual([]);
      // The section's start, below the portal's sticky list of sections.
      await record.evaluate((el) => {
        el.scrollIntoView();
        window.scrollBy(0, -130);
      });
      await screenshot(portal, 'portal-record');

      // Archived, not deleted: it leaves the chart's list and comes back from the archive.
      await item.getByRole('button', { name: 'Archive Full blood count' }).click();
      await eventually(() => item.count()).toBe(0);
      await documents.getByText('Archived documents').click();
      const archived = documents.getByRole('list', { name: 'Archived documents' }).getByRole('listitem');
      await eventually(() => archived.allTextContents()).toEqual([expect.stringContaining('Full blood count')]);
      await archived.getByRole('button', { name: 'Restore Full blood count' }).click();
      await eventually(() => item.count()).toBe(1);

      await Promise.all([consolePage.context().close(), nurseContext.close(), portalContext.close()]);
    },
    SLOW * 2,
  );
});
