import { randomUUID } from 'node:crypto';
import { EnrollResponse, HUB_ROUTES, UploadResponse } from '../../contracts/hub-api';
import {
  parseEventData,
  type JournalEnvelope,
  type JournalEventDataOf,
  type JournalEventType,
} from '../../contracts/journal-events';
import { GENESIS_HASH, hashEvent } from '../../main/journal/event-hash';
import { createEphemeralDeviceKey, type DeviceKey } from '../../main/keys/device-key';
import { signRequest } from '../../main/sync/http-message-signature';
import { createEnrollmentCode } from '../../hub/server/enrollment-codes';
import type { RunningHub } from '../../hub/server/start-hub';

/**
 * Seeding the hub as a kiosk would (for the pharmacist console's integration and e2e tests):
 * enroll through POST /enroll with a one-time code, then upload a hash-chained journal through the
 * signed events endpoint. Nothing is inserted behind the sync API's back.
 */

export interface SeedKiosk {
  readonly kioskId: string;
  readonly siteId: string;
  readonly key: DeviceKey;
  /** Everything uploaded so far, in order. */
  readonly journal: JournalEnvelope[];
}

export type SeedEvent = {
  [T in JournalEventType]: { type: T; data: JournalEventDataOf<T>; ts?: string };
}[JournalEventType];

/** Appends events to a kiosk's chain; each `data` is checked against its schema first. */
export function chain(
  after: readonly JournalEnvelope[],
  events: readonly SeedEvent[],
  now: number,
): JournalEnvelope[] {
  const made: JournalEnvelope[] = [];
  let prev = after.at(-1)?.hash ?? GENESIS_HASH;
  let seq = after.at(-1)?.seq ?? 0;
  for (const e of events) {
    const valid = parseEventData(e.type, e.data);
    if (!valid.ok) throw new Error(`seed event: ${valid.error}`);
    seq += 1;
    const unhashed = {
      seq,
      id: randomUUID(),
      ts: e.ts ?? new Date(now).toISOString(),
      type: e.type,
      data: e.data,
      prev,
    };
    const event = { ...unhashed, hash: hashEvent(unhashed) };
    made.push(event);
    prev = event.hash;
  }
  return made;
}

export async function enrollSeedKiosk(
  hub: RunningHub,
  siteId: string,
  kioskName: string,
  now: () => number,
): Promise<SeedKiosk> {
  const code = await createEnrollmentCode(hub.db, { siteId, createdBy: 'test', now: now() });
  if (!code.ok) throw new Error(code.error.detail);
  const key = createEphemeralDeviceKey();
  const response = await hub.app.inject({
    method: 'POST',
    url: HUB_ROUTES.enroll,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ code: code.value.code, devicePublicJwk: key.publicJwk, kioskName }),
  });
  if (response.statusCode !== 201)
    throw new Error(`enroll: ${response.statusCode} ${response.body}`);
  const body = EnrollResponse.parse(response.json());
  return { kioskId: body.kioskId, siteId: body.siteId, key, journal: [] };
}

/** A JSON POST signed with the kiosk's device key, as main/sync/hub-client.ts sends it. */
export function postAsKiosk(
  hub: RunningHub,
  kiosk: SeedKiosk,
  url: string,
  body: Buffer,
  at: Date,
) {
  return hub.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: {
      'content-type': 'application/json',
      ...signRequest(
        { method: 'POST', path: url, body },
        { sign: kiosk.key.sign, keyId: kiosk.kioskId },
        at,
      ),
    },
  });
}

/** Uploads `events` as the kiosk's next journal events, signed with its device key. */
export async function uploadSeedEvents(
  hub: RunningHub,
  kiosk: SeedKiosk,
  events: readonly SeedEvent[],
  now: () => number,
): Promise<JournalEnvelope[]> {
  const made = chain(kiosk.journal, events, now());
  const body = Buffer.from(JSON.stringify({ events: made }));
  const response = await postAsKiosk(
    hub,
    kiosk,
    HUB_ROUTES.events(kiosk.kioskId),
    body,
    new Date(now()),
  );
  if (response.statusCode !== 200)
    throw new Error(`upload: ${response.statusCode} ${response.body}`);
  UploadResponse.parse(response.json());
  kiosk.journal.push(...made);
  return made;
}

const DAY_MS = 86_400_000;
export const SEED_GTIN = '09506000134352';
export const SEED_GTIN_2 = '09506000134369';
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * A day at a kiosk with something for every review item and every dashboard chart: stock in two
 * slots (one lot expiring within 90 days), cabinet readings with one excursion, a fill, an
 * uncertain dispense, a jam, vitals out of range, a locked patient check, a help request and a
 * refill request. `firstSeq` is the seq the first of these events will get (the intents' seqs
 * are the results' intentSeq).
 */
export function busyDay(
  now: number,
  jti: { filled: string; refill: string; locked: string },
  firstSeq = 1,
): SeedEvent[] {
  const seqAt = (index: number): number => firstSeq + index;
  const at = (minutesAgo: number): string => new Date(now - minutesAgo * 60_000).toISOString();
  const soon = isoDay(now + 40 * DAY_MS);
  const later = isoDay(now + 400 * DAY_MS);
  return [
    { type: 'KIOSK_STARTED', data: { appVersion: '1.0.0', hardware: 'simulated' }, ts: at(600) },
    {
      type: 'RESTOCK',
      ts: at(590),
      data: {
        slot: 1,
        packs: [
          { gtin: SEED_GTIN, lot: 'SOON1', expiry: soon },
          { gtin: SEED_GTIN, lot: 'SOON1', expiry: soon },
          { gtin: SEED_GTIN, lot: 'LATER1', expiry: later },
          { gtin: SEED_GTIN, lot: 'LATER1', expiry: later },
        ],
      },
    },
    {
      type: 'RESTOCK',
      ts: at(589),
      data: {
        slot: 2,
        packs: [1, 2, 3].map(() => ({ gtin: SEED_GTIN_2, lot: 'B7', expiry: later })),
      },
    },
    ...[5.1, 5.4, 9.2, 6.0, 5.5].map((c, i): SeedEvent => ({
      type: 'CABINET_READING',
      ts: at(500 - i * 60),
      data: { temperatureC: c, setpointC: 5, door: 'closed', temperatureControl: 'ok' },
    })),
    {
      type: 'RX_ACCEPTED',
      ts: at(120),
      data: { jti: jti.filled, medication: 'Amlodipine 5 mg', packs: 1 },
    },
    {
      type: 'DISPENSE_INTENT',
      ts: at(119),
      data: {
        purpose: 'patient',
        jti: jti.filled,
        slot: 1,
        gtin: SEED_GTIN,
        lot: 'SOON1',
        expiry: soon,
        qty: 1,
      },
    },
    {
      type: 'DISPENSE_RESULT',
      ts: at(119),
      data: { intentSeq: seqAt(9), outcome: 'SUCCESS', detail: 'dropped' },
    },
    {
      type: 'DISPENSE_INTENT',
      ts: at(110),
      data: {
        purpose: 'patient',
        jti: jti.filled,
        slot: 2,
        gtin: SEED_GTIN_2,
        lot: 'B7',
        expiry: later,
        qty: 1,
      },
    },
    {
      type: 'DISPENSE_RESULT',
      ts: at(110),
      data: { intentSeq: seqAt(11), outcome: 'UNCERTAIN', detail: 'restart during drive' },
    },
    {
      type: 'DISPENSE_INTENT',
      ts: at(100),
      data: {
        purpose: 'patient',
        jti: jti.filled,
        slot: 2,
        gtin: SEED_GTIN_2,
        lot: 'B7',
        expiry: later,
        qty: 1,
      },
    },
    {
      type: 'DISPENSE_RESULT',
      ts: at(100),
      data: { intentSeq: seqAt(13), outcome: 'FAIL_JAM', statusCode: 3, detail: 'spiral jam' },
    },
    {
      type: 'VITALS_MEASURED',
      ts: at(90),
      data: {
        jti: jti.filled,
        kind: 'bp',
        systolic: 182,
        diastolic: 101,
        pulse: 88,
        inRange: false,
        detail: 'Systolic above 160.',
      },
    },
    {
      type: 'PATIENT_CHECK_FAILED',
      ts: at(80),
      data: { jti: jti.locked, attempt: 3, locked: true },
    },
    { type: 'HELP_REQUESTED', ts: at(70), data: { screen: 'scan', language: 'sw' } },
    {
      type: 'REFILL_REQUESTED',
      ts: at(60),
      data: { jti: jti.refill, medication: 'Metformin 500 mg', language: 'en' },
    },
  ];
}

/** The seq of the first event of `type` in a kiosk's uploaded journal. */
export function seqOf(kiosk: SeedKiosk, type: JournalEventType): number {
  const found = kiosk.journal.find((e) => e.type === type);
  if (!found) throw new Error(`no ${type} in the seeded journal`);
  return found.seq;
}
