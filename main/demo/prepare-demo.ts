import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEMO_ISSUER_URL,
  makeDemoPrescriptions,
  type DemoPrescription,
} from '../prescriptions/demo-prescription';
import { loadOrCreateIssuerKey, type IssuerKey } from '../prescriptions/issuer-keys';
import { renderTokenQr } from '../prescriptions/qr';
import { createTrustList } from '../prescriptions/trust';

/**
 * The embedded demo (DESIGN §8 "Demo"): a local issuer key, a trust list naming it (re-signed at
 * every start so it never goes stale), a site config for a demo kiosk, and fresh demo
 * prescriptions as QR pictures and `shc:/` text — so `npm start` needs no hub and no setup.
 */
export const DEMO_SITE = {
  kioskId: 'demo-kiosk',
  siteId: 'demo',
  kioskName: 'Demo Health Post',
  timeZone: 'UTC',
  pharmacistPhone: '+000 555 0100',
};

const DAY_S = 86_400;
/** Lists are issued well beyond the offline window (prescription-token.md §4a). */
const TRUST_LIST_DAYS = 30;

export interface DemoPrescriptionFile {
  textPath: string;
  pngPath: string;
  description: string;
  qrText: string;
  jti: string;
}

export interface DemoFiles {
  issuerKey: IssuerKey;
  prescriptions: { valid: DemoPrescriptionFile; badSignature: DemoPrescriptionFile };
  /** Signs a new set of demo prescriptions (new token ids), e.g. one per e2e test. */
  fresh(): DemoPrescription[];
}

export async function prepareDemo(options: {
  dataDir: string;
  demoDir: string;
  now?: number;
}): Promise<DemoFiles> {
  const now = options.now ?? Date.now();
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(options.demoDir, { recursive: true });

  const key = await loadOrCreateIssuerKey(join(options.demoDir, 'issuer'));
  if (!key.ok) throw new Error(`demo issuer key ${key.error.path}: ${key.error.detail}`);
  const issuerKey = key.value;

  const sitePath = join(options.dataDir, 'site.json');
  if (!existsSync(sitePath)) writeFileSync(sitePath, `${JSON.stringify(DEMO_SITE, null, 2)}\n`);

  const issuedAt = Math.floor(now / 1000);
  const trust = createTrustList({
    version: issuedAt,
    issuedAt,
    expiresAt: issuedAt + TRUST_LIST_DAYS * DAY_S,
    // The demo key is trusted for prescriptions issued in the last year.
    issuers: [
      { iss: DEMO_ISSUER_URL, jwk: issuerKey.publicJwk, notBefore: issuedAt - 365 * DAY_S },
    ],
  });
  writeFileSync(join(options.dataDir, 'trust-list.json'), `${JSON.stringify(trust, null, 2)}\n`);

  const fresh = (): DemoPrescription[] => {
    const made = makeDemoPrescriptions({
      issuerKey: issuerKey.privateKey,
      kioskId: DEMO_SITE.kioskId,
      siteId: DEMO_SITE.siteId,
      now,
    });
    if (!made.ok) throw new Error(made.error);
    return made.value;
  };

  const files: Partial<Record<'valid' | 'badSignature', DemoPrescriptionFile>> = {};
  for (const rx of fresh()) {
    const base = rx.name === 'valid' ? 'amlodipine' : 'bad-signature';
    const textPath = join(options.demoDir, `${base}.shc.txt`);
    const pngPath = join(options.demoDir, `${base}.png`);
    writeFileSync(textPath, rx.qrText);
    const qr = await renderTokenQr(rx.qrText);
    if (!qr.ok) throw new Error(`demo QR ${base}: ${qr.error.detail}`);
    writeFileSync(pngPath, qr.value.png);
    files[rx.name === 'valid' ? 'valid' : 'badSignature'] = {
      textPath,
      pngPath,
      description: rx.description,
      qrText: rx.qrText,
      jti: rx.jti,
    };
  }
  return { issuerKey, prescriptions: files as DemoFiles['prescriptions'], fresh };
}
