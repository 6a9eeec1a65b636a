// The waiting-room screen with a full house (8 doctors, 30 waiting each) at every screen it is
// sold for: 720p to 4K, landscape and portrait. At each: every ticket and wait on screen is whole
// and inside its card, every card's pages together show its whole queue, axe-core finds nothing,
// and no patient's name is in the page. Screenshots of the layouts go to docs/screens.
// Page turns are driven by the page's own clock (playwright's fake timers): no sleeps.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.js';
import { displayClinic, englishWait, openDisplay, type Patient } from '../support/display-clinic.js';
import { zoneWhereItIsMorning } from '../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

const DOCTORS = 8;
const WAITING = 30;
/** How often the screen turns its pages (client/src/views/display/paging.ts). */
const PAGE_MS = 8_000;

const VIEWPORTS = [
  { width: 1920, height: 1080, shot: 'display-landscape' },
  { width: 1280, height: 720, shot: 'display-720p' },
  { width: 3840, height: 2160, shot: 'display-4k' },
  { width: 1080, height: 1920, shot: null },
  { width: 720, height: 1280, shot: 'display-portrait-720' },
] as const;

/** Whatever under "now calling" or in "last calls" is cut, wrapped, or outside its panel. */
function bannerProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const panel = (document.querySelector('.d-calling') as HTMLElement).getBoundingClientRect();
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.d-call p, .d-call-more'))) {
      if (el.getClientRects().length === 0) continue;
      const r = el.getBoundingClientRect();
      if (r.left < panel.left - 1 || r.right > panel.right + 1 || r.top < panel.top - 1 || r.bottom > panel.bottom + 1) {
        problems.push(`"${el.textContent}" is outside the panel`);
      }
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`"${el.textContent}" is cut`);
    }
    const recent = (document.querySelector('.d-recent') as HTMLElement).getBoundingClientRect();
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.d-recent-box > ol:not(.d-sample) li > span'))) {
      const r = el.getBoundingClientRect();
      if (r.right > recent.right + 1 || r.bottom > recent.bottom + 1) problems.push(`last call "${el.textContent}" is outside its panel`);
      if (el.getClientRects().length > 1 || r.height > Number.parseFloat(getComputedStyle(el).lineHeight) * 1.5) {
        problems.push(`last call "${el.textContent}" wraps`);
      }
    }
    return problems;
  });
}

const FIRST = ['Aurelio', 'Brunhilde', 'Cosima', 'Dagobert', 'Evangeline', 'Florentyna'] as const;
const LAST = ['Quartermaine', 'Rasmussen', 'Szczepanski', 'Thistlewood', 'Underhill'] as const;

let served: ServedClinic;
let browser: Browser;
let patients: Patient[];
let clinic: Awaited<ReturnType<ReturnType<typeof displayClinic>['clinicWith']>>;
/** Every doctor's waiting tickets with the wait the screen must show, as the board has them. */
const expected = new Map<string, Map<string, string>>();

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
  const { http, desk, clinicWith, registerPatients, walkIn } = displayClinic(served);
  // Mid-morning there, and long days: thirty walk-ins each still fit before the doctors go home.
  const { zone } = zoneWhereItIsMorning();
  clinic = await clinicWith({
    name: 'Greenfield Family Practice',
    timezone: zone,
    language: 'en',
    rooms: ['1', '2', '3', '4', '5', '6', '7', '12B'],
    hours: ['06:00', '23:30'],
  });
  patients = await registerPatients(FIRST.flatMap((f) => LAST.map((l) => [f, l] as const)));
  // The doctors' queues fill side by side, each in order.
  await Promise.all(
    clinic.doctors.map(async (d) => {
      for (const p of patients.slice(0, WAITING)) await walkIn(d.id, p);
    }),
  );
  // One doctor running late: waits well past an hour read "1 h 55 min", not "115 min".
  await http('PUT', `/api/doctors/${clinic.doctors[2]!.id}/delay`, desk, { minutes: 55 });
  const board = await http<{ doctors: { doctorId: string; waiting: { ticket: string; etaMinutes: number }[] }[] }>(
    'GET',
    `/api/locations/${clinic.location.id}/board`,
    desk,
  );
  for (const d of board.doctors) expected.set(d.doctorId, new Map(d.waiting.map((w, i) => [w.ticket, englishWait(w.etaMinutes, i === 0)])));
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

interface Seen {
  turn: number;
  cards: { doctorId: string; page: number; pages: number; rows: { ticket: string; wait: string }[] }[];
  problems: string[];
}

/** What the screen shows now, and everything on it that is cut, wrapped or outside its box. */
function look(page: Page): Promise<Seen> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const inside = (what: string, el: Element, box: Element) => {
      if (el.getClientRects().length === 0) return; // not rendered (a narrow card leaves initials out)
      const r = el.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1) {
        problems.push(`${what} is outside its box: ${JSON.stringify(r)} in ${JSON.stringify(b)}`);
      }
    };
    const whole = (what: string, el: HTMLElement) => {
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
        problems.push(
          `${what} "${el.textContent}" overflows (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`,
        );
      }
    };
    const oneLine = (what: string, el: HTMLElement) => {
      const lines = el.getClientRects().length;
      const height = el.getBoundingClientRect().height;
      const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight);
      if (lines > 1 || height > lineHeight * 1.5) problems.push(`${what} "${el.textContent}" wraps`);
    };
    if (document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight) {
      problems.push('the page scrolls');
    }
    const main = document.querySelector('main.display') as HTMLElement;
    for (const el of Array.from(main.querySelectorAll<HTMLElement>('.d-top, .d-body, .d-side, .d-calling, .d-recent, .d-doctors'))) {
      inside(el.className, el, main);
    }
    for (const li of Array.from(main.querySelectorAll<HTMLElement>('.d-recent li:not(.d-sample li)'))) {
      inside(`last call ${li.textContent}`, li, li.closest('.d-recent-box') as Element);
    }
    const cards = Array.from(main.querySelectorAll<HTMLElement>('.d-doctor')).map((card) => {
      const name = card.querySelector('h2') as HTMLElement;
      whole('doctor name', name);
      inside('doctor name', name, card);
      inside('room', card.querySelector('.d-room') as Element, card);
      for (const el of Array.from(card.querySelectorAll<HTMLElement>('.d-meta > span'))) {
        whole('card line', el);
        inside('card line', el, card);
      }
      const box = card.querySelector('.d-queue-box') as HTMLElement;
      inside('queue', box, card);
      const list = card.querySelector('.d-queue') as HTMLElement;
      const rows = Array.from(list.querySelectorAll<HTMLElement>('li')).map((li) => {
        const ticket = li.querySelector('.ticket') as HTMLElement;
        const wait = li.querySelector('.d-eta') as HTMLElement;
        const label = li.querySelector('.d-label') as HTMLElement;
        for (const [what, el] of [
          ['ticket', ticket],
          ['wait', wait],
          ['label', label],
        ] as const) {
          whole(what, el);
          inside(what, el, box);
          inside(what, el, card);
        }
        oneLine('ticket', ticket);
        oneLine('wait', wait);
        inside(`row ${ticket.textContent}`, li, box);
        return { ticket: ticket.textContent ?? '', wait: wait.textContent ?? '' };
      });
      return {
        doctorId: card.dataset.doctor ?? '',
        page: Number(list.dataset.page),
        pages: Number(list.dataset.pages),
        rows,
      };
    });
    const turn = Number((main.querySelector('.d-doctors') as HTMLElement).dataset.turn);
    return { turn, cards, problems };
  });
}

describe('the waiting-room screen with 8 doctors and 30 waiting each', () => {
  for (const viewport of VIEWPORTS) {
    const orientation = viewport.width > viewport.height ? 'landscape' : 'portrait';
    it(`at ${viewport.width}×${viewport.height} (${orientation}): every ticket and wait whole inside its card, every page reached, axe clean`, async () => {
      const page = await openDisplay(browser, served, clinic.screen.token, {
        viewport: { width: viewport.width, height: viewport.height },
        fakeClock: true,
      });
      await page
        .locator('.d-doctor')
        .nth(DOCTORS - 1)
        .waitFor();
      await page.locator('.d-doctor .d-queue li').first().waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      // From here the screen's time moves only when the test moves it (a second ahead of now:
      // the page's clock runs on while the test asks for it).
      await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1_000));

      if (viewport.shot) await screenshot(page, viewport.shot);
      let seen = await look(page);
      expect(seen.cards).toHaveLength(DOCTORS);
      const shown = new Map(seen.cards.map((c) => [c.doctorId, new Map<string, string>()]));
      const pages = Math.max(...seen.cards.map((c) => c.pages));
      // Enough rows on each page to be worth reading, and a page count a patient can sit through.
      for (const c of seen.cards) expect(c.rows.length, `rows per page on ${c.doctorId}`).toBeGreaterThanOrEqual(3);
      for (let turned = 0; ; turned++) {
        expect(seen.problems).toEqual([]);
        for (const c of seen.cards) {
          expect(c.pages).toBeGreaterThan(1);
          expect(await page.locator(`[data-doctor="${c.doctorId}"] .d-page`).textContent()).toBe(`Page ${c.page} of ${c.pages}`);
          for (const r of c.rows) shown.get(c.doctorId)!.set(r.ticket, r.wait);
        }
        if (turned === pages - 1) break;
        await page.clock.runFor(PAGE_MS);
        await page.locator(`.d-doctors[data-turn="${seen.turn + 1}"]`).waitFor();
        seen = await look(page);
      }
      // Every ticket of every queue was on screen, with its wait as the board gives it.
      for (const [doctorId, want] of expected) {
        expect(want.size).toBe(WAITING);
        expect(Object.fromEntries(shown.get(doctorId) ?? [])).toEqual(Object.fromEntries(want));
      }
      const html = await page.evaluate(() => document.documentElement.outerHTML);
      for (const p of patients) {
        expect(html).not.toContain(p.firstName);
        expect(html).not.toContain(p.lastName);
      }
      await page.context().close();
    }, 180_000);
  }

  // Last: it calls a patient, so the queues it leaves behind are not the ones above.
  it('shows a call whole under "now calling" at every layout (the longest room name, a long doctor name)', async () => {
    const pages = await Promise.all(
      VIEWPORTS.map(async (viewport) => {
        const page = await openDisplay(browser, served, clinic.screen.token, {
          viewport: { width: viewport.width, height: viewport.height },
          fakeClock: true,
        });
        await page.locator('.d-doctor .d-queue li').first().waitFor();
        return { viewport, page };
      }),
    );
    const { http } = displayClinic(served);
    const doctor = clinic.doctors.find((d) => d.room === '12B')!;
    const called = await http<{ ticket: string }>('POST', `/api/doctors/${doctor.id}/queue/call-next`, doctor.token, {});
    for (const { viewport, page } of pages) {
      const banner = page.locator(`.d-call[data-ticket="${called.ticket}"]`);
      await banner.waitFor();
      await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1_000));
      expect(await banner.locator('.d-call-room').textContent()).toBe('Room 12B');
      expect(await banner.locator('.d-call-doctor').textContent()).toBe(doctor.name);
      expect(await bannerProblems(page), `${viewport.width}×${viewport.height}`).toEqual([]);
      if (viewport.width === 1080) await screenshot(page, 'display-portrait');
      await page.context().close();
    }
  }, 120_000);

  it('fades a turned page in, except where the screen asks for less motion', async () => {
    const animation = async (reducedMotion: 'reduce' | 'no-preference') => {
      const page = await openDisplay(browser, served, clinic.screen.token, { reducedMotion });
      await page.locator('.d-doctor .d-queue li').first().waitFor();
      const name = await page
        .locator('.d-queue')
        .first()
        .evaluate((el) => getComputedStyle(el).animationName);
      await page.context().close();
      return name;
    };
    expect(await animation('no-preference')).toBe('d-page-in');
    expect(await animation('reduce')).toBe('none');
  }, 60_000);
});
