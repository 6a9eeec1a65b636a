// The bad-input table's cases for dispensing, hold, release, close and the pharmacy queue
// (issue 15): each a 4xx with a stable code, nothing written (stock, dispenses and prescriptions
// included). Sent as a pharmacist of the prescriptions' location, the caller who could otherwise succeed.
import type { BadInputCase } from '../../support/bad-input.js';
import { type Actor, bearer } from '../../support/factories.js';
import { inDays } from '../../support/inventory.js';
import { medicationId } from '../../support/prescribing.js';
import type { PrescriptionMaker } from '../../support/prescription-objects.js';
import { receiveLot, setLocations } from '../../support/stock.js';
import type { TestHub } from '../../support/test-hub.js';

export interface DispenseFixtures {
  /** A signed prescription (one item of 21) with 5 on hand, a held one and a cancelled one. */
  signedId: string;
  itemId: string;
  heldId: string;
  cancelledId: string;
  expiredLotId: string;
  otherMedicineLotId: string;
  otherMedicationId: string;
  locationId: string;
}

const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

/** Made before the table's snapshot: the pharmacist works at the location; the stock is short on purpose. */
export async function dispenseFixtures(
  hub: TestHub,
  pharmacist: Actor,
  make: PrescriptionMaker,
  locationId: string,
  medId: string,
): Promise<DispenseFixtures> {
  await setLocations(hub, pharmacist, [locationId]);
  const otherMedicationId = await medicationId(hub, pharmacist, 'paracetamol', '500 mg');
  await receiveLot(hub, { locationId, medicationId: medId, quantity: 5 });
  const expiredLotId = await receiveLot(hub, { locationId, medicationId: medId, quantity: 50, expiresOn: inDays(-2) });
  const otherMedicineLotId = await receiveLot(hub, { locationId, medicationId: otherMedicationId, quantity: 50 });
  const signed = (await make.signed()) as unknown as { id: string; items: { id: string }[] };
  const post = (url: string, payload: object) => hub.app.inject({ method: 'POST', url, headers: bearer(pharmacist.token), payload });
  const held = await make.signed();
  await post(`/api/prescriptions/${held.id}/hold`, { reason: 'Awaiting stock' });
  const cancelled = await make.signed();
  await post(`/api/prescriptions/${cancelled.id}/close`, { reason: 'Closed for the table' });
  return {
    signedId: signed.id,
    itemId: signed.items[0]!.id,
    heldId: held.id,
    cancelledId: cancelled.id,
    expiredLotId,
    otherMedicineLotId,
    otherMedicationId,
    locationId,
  };
}

export function dispenseCases(fx: () => DispenseFixtures): BadInputCase[] {
  const dispenseUrl =
    (id = () => fx().signedId) =>
    () =>
      `/api/prescriptions/${id()}/dispense`;
  const line =
    (over: Record<string, unknown> = {}) =>
    () => ({ items: [{ itemId: fx().itemId, quantity: 1, ...over }] });
  const bad = (name: string, body: unknown, status = 400, code = 'VALIDATION_FAILED', url = dispenseUrl()): BadInputCase => ({
    name: `dispense: ${name}`,
    url,
    body,
    as: 'pharmacist',
    status,
    code,
  });
  const action = (name: string, act: string, id: () => string, body: unknown, status = 400, code = 'VALIDATION_FAILED'): BadInputCase => ({
    name: `dispense: ${act} ${name}`,
    url: () => `/api/prescriptions/${id()}/${act}`,
    body,
    as: 'pharmacist',
    status,
    code,
  });
  const signed = () => fx().signedId;
  return [
    bad('unknown field', () => ({ ...line()(), rush: true })),
    bad('no items', { items: [] }),
    bad('quantity zero', line({ quantity: 0 })),
    bad('fractional quantity', line({ quantity: 1.5 })),
    bad('quantity as a string', line({ quantity: '1' })),
    bad('malformed item id', line({ itemId: 'item-1' })),
    bad('an item of another prescription', line({ itemId: UNKNOWN_ID })),
    bad('more than the item has left', line({ quantity: 22 })),
    bad('substitution without a reason', () => line({ substituteMedicationId: fx().otherMedicationId })()),
    bad('a reason without a substitute', line({ substitutionReason: 'No reason to give' })),
    bad('an unknown substitute', line({ substituteMedicationId: UNKNOWN_ID, substitutionReason: 'Out of stock' })),
    bad('a named lot of another medicine', () => line({ lotId: fx().otherMedicineLotId })()),
    bad('a named expired lot', () => line({ lotId: fx().expiredLotId })(), 409, 'LOT_EXPIRED'),
    bad('an unknown lot', line({ lotId: UNKNOWN_ID }), 404, 'NOT_FOUND'),
    bad('more than is on hand', line({ quantity: 10 }), 409, 'INSUFFICIENT_STOCK'),
    bad(
      'a held prescription',
      line(),
      409,
      'NOT_DISPENSABLE',
      dispenseUrl(() => fx().heldId),
    ),
    bad(
      'a closed prescription',
      line(),
      409,
      'NOT_DISPENSABLE',
      dispenseUrl(() => fx().cancelledId),
    ),
    bad(
      'an unknown prescription',
      line(),
      404,
      'NOT_FOUND',
      dispenseUrl(() => UNKNOWN_ID),
    ),
    bad(
      'a malformed prescription id',
      line(),
      400,
      'VALIDATION_FAILED',
      dispenseUrl(() => 'rx-1'),
    ),
    action('without a reason', 'hold', signed, {}),
    action('with a blank reason', 'hold', signed, { reason: '   ' }),
    action('with a reason too long', 'hold', signed, { reason: 'x'.repeat(501) }),
    action('of one on hold already', 'hold', () => fx().heldId, { reason: 'Again' }, 409, 'NOT_DISPENSABLE'),
    action('with a body', 'release', () => fx().heldId, { reason: 'Released' }),
    action('of a closed one', 'release', () => fx().cancelledId, {}, 409, 'NOT_DISPENSABLE'),
    action('without a reason', 'close', signed, {}),
    action('of a closed one', 'close', () => fx().cancelledId, { reason: 'Twice' }, 409, 'NOT_DISPENSABLE'),
    {
      name: 'dispense: queue without a location',
      method: 'GET',
      url: '/api/pharmacy/queue',
      as: 'pharmacist',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'dispense: queue of a malformed location',
      method: 'GET',
      url: '/api/pharmacy/queue?locationId=main',
      as: 'pharmacist',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
  ];
}
