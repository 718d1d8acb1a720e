import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../contracts/clock';
import type { EnrollResponse } from '../../contracts/hub-api';
import { err, ok, type Result } from '../../contracts/result';
import { jwkThumbprint, type EcPublicJwk } from '../keys/jwk-thumbprint';
import { ROOT_PUBLIC_JWK_FILE } from '../prescriptions/root-key';
import { INCOMING_DIR } from './incoming';
import { postEnrollment, type HubCallError } from './hub-client';
import { writeDurably } from '../journal/write-durably';

/**
 * Enrollment (DESIGN §7), the kiosk's side: the technician types the one-time code the pharmacist
 * made; the kiosk sends it with its device public key and gets its kiosk id, the operator root
 * public key and its first signed downloads. What it keeps, in the kiosk data directory:
 *
 * - `root-key.public.jwk` — the key every signed list is checked against (what `--root-key`
 *   defaults to, so the kiosk needs no new option to find it);
 * - `enrollment.json` — kiosk id, site id and hub URL: what the sync agent needs to start;
 * - `incoming/<kind>.jws` — the first downloads, installed by the next start exactly as a USB
 *   stick's lists are (incoming.ts): enrollment never needs the journal, so it can run beside a
 *   stopped kiosk or before the first start.
 */

export const ENROLLMENT_FILE = 'enrollment.json';

export const Enrollment = z.strictObject({
  kioskId: z.string().min(1),
  siteId: z.string().min(1),
  hubUrl: z.url(),
  /** Kiosk-clock epoch ms. */
  enrolledAt: z.number().int(),
  /** RFC 7638 thumbprint of the root key received, for the technician to compare by phone. */
  rootKeyThumbprint: z.string(),
});
export type Enrollment = z.infer<typeof Enrollment>;

export type EnrollError =
  | { kind: 'already_enrolled'; kioskId: string; message: string }
  | { kind: 'hub'; error: HubCallError; message: string }
  | { kind: 'io'; message: string };

export interface EnrollOptions {
  hubUrl: string;
  /** The one-time code from the pharmacist. Never logged. */
  code: string;
  kioskName: string;
  /** The device key's public half (DeviceKey.publicJwk). */
  devicePublicJwk: EcPublicJwk;
  /** The kiosk data directory (DATA_DIR). */
  dataDir: string;
  clock: Clock;
  /** Re-enroll a kiosk that already has an enrollment (a new code, e.g. after a fork review). */
  force?: boolean;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export async function enrollKiosk(
  options: EnrollOptions,
): Promise<Result<Enrollment, EnrollError>> {
  const existing = await loadEnrollment(options.dataDir);
  if (existing.ok && existing.value && !options.force) {
    return err({
      kind: 'already_enrolled',
      kioskId: existing.value.kioskId,
      message: `this kiosk is already enrolled as ${existing.value.kioskId} (use force to replace it)`,
    });
  }
  const answer = await postEnrollment(options, {
    code: options.code,
    devicePublicJwk: {
      kty: options.devicePublicJwk.kty,
      crv: options.devicePublicJwk.crv,
      x: options.devicePublicJwk.x,
      y: options.devicePublicJwk.y,
    },
    kioskName: options.kioskName,
  });
  if (!answer.ok) return err({ kind: 'hub', error: answer.error, message: describe(answer.error) });
  const response: EnrollResponse = answer.value.body;
  const enrollment: Enrollment = {
    kioskId: response.kioskId,
    siteId: response.siteId,
    hubUrl: options.hubUrl,
    enrolledAt: options.clock.now(),
    rootKeyThumbprint: jwkThumbprint(response.rootPublicJwk),
  };
  try {
    const { dataDir } = options;
    await mkdir(path.join(dataDir, INCOMING_DIR), { recursive: true, mode: 0o700 });
    // Downloads and root key first, enrollment.json last: a kiosk that finds enrollment.json has
    // everything it names.
    for (const download of response.downloads) {
      await writeDurably(path.join(dataDir, INCOMING_DIR, `${download.kind}.jws`), download.jws);
    }
    const kid = enrollment.rootKeyThumbprint;
    await writeDurably(
      path.join(dataDir, ROOT_PUBLIC_JWK_FILE),
      `${JSON.stringify({ ...response.rootPublicJwk, kid, alg: 'ES256', use: 'sig' }, null, 2)}\n`,
    );
    await writeDurably(
      path.join(dataDir, ENROLLMENT_FILE),
      `${JSON.stringify(enrollment, null, 2)}\n`,
    );
  } catch (error) {
    return err({ kind: 'io', message: (error as Error).message });
  }
  return ok(enrollment);
}

/** The kiosk's enrollment, or null when it was never enrolled; a damaged file is an error. */
export async function loadEnrollment(dataDir: string): Promise<Result<Enrollment | null, string>> {
  const file = path.join(dataDir, ENROLLMENT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
    return err(`${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err(`${file}: not JSON`);
  }
  const parsed = Enrollment.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return ok(parsed.data);
}

function describe(error: HubCallError): string {
  switch (error.kind) {
    case 'network':
      return `the hub could not be reached: ${error.message}`;
    case 'bad_answer':
      return `the hub's answer was not understood: ${error.message}`;
    case 'refused':
      return `the hub refused (${error.error.error}): ${error.error.message}`;
  }
}
