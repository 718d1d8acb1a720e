import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEMO_ISSUER_URL,
  makeDemoPrescriptions,
  type DemoPrescription,
} from '../prescriptions/demo-prescription';
import { loadOrCreateIssuerKey, type IssuerKey } from '../prescriptions/issuer-keys';
import { renderTokenQr } from '../prescriptions/qr';
import { loadOrCreateRootKey, ROOT_PUBLIC_JWK_FILE } from '../prescriptions/root-key';
import { signDemoLists } from '../prescriptions/demo-lists';
import { INCOMING_DIR } from '../sync/incoming';
import { loadOrCreateBadgeIssuerKey } from '../technician/badge-issuer-key';
import { signBadge } from '../technician/badge';
import { signRoster, technicianPinCheck } from '../technician/roster';

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
  // The demo medicine's ATC code → its GTIN: the counselling text is found by the code.
  formulary: { C08CA01: ['09506000134352'] },
};

/** The demo technician (fictitious): their badge is in the demo folder, their PIN is this. */
export const DEMO_TECHNICIAN = {
  id: 'T-DEMO',
  name: 'Demo Technician',
  roles: ['technician'],
  pin: '975310',
} as const;

export interface DemoPrescriptionFile {
  textPath: string;
  pngPath: string;
  description: string;
  qrText: string;
  jti: string;
}

export interface DemoFiles {
  issuerKey: IssuerKey;
  prescriptions: {
    valid: DemoPrescriptionFile;
    badSignature: DemoPrescriptionFile;
    withVitals: DemoPrescriptionFile;
  };
  /** Signs a new set of demo prescriptions (new token ids), e.g. one per e2e test. */
  fresh(): DemoPrescription[];
  /** The demo technician's service badge: `odb:/` text to scan, and where it was written. */
  technicianBadge: { qrText: string; textPath: string };
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

  // The operator root key lives on the hub; with no hub, the demo holds it and re-signs the lists
  // at every start, and says it synced, so the demo never goes stale (DESIGN §8 "Demo").
  const root = await loadOrCreateRootKey(join(options.demoDir, 'root'));
  if (!root.ok) throw new Error(`demo root key: ${root.error.detail}`);
  copyFileSync(
    join(options.demoDir, 'root', ROOT_PUBLIC_JWK_FILE),
    join(options.dataDir, ROOT_PUBLIC_JWK_FILE),
  );
  // A demo technician, so the diagnostics mode can be tried: a badge issuer in the trust list,
  // a roster signed by the root key and a badge QR in the demo folder.
  const badgeKey = await loadOrCreateBadgeIssuerKey(join(options.demoDir, 'badge-issuer'));
  if (!badgeKey.ok) throw new Error(`demo badge issuer key: ${badgeKey.error.detail}`);
  const lists = signDemoLists({
    rootKey: root.value.privateKey,
    issuer: { iss: DEMO_ISSUER_URL, jwk: issuerKey.publicJwk },
    badgeIssuers: [badgeKey.value.publicJwk],
    now,
  });
  if (!lists.ok) throw new Error(`demo lists: ${lists.error}`);
  const incoming = join(options.dataDir, INCOMING_DIR);
  mkdirSync(incoming, { recursive: true });
  for (const [kind, jws] of Object.entries(lists.value))
    writeFileSync(join(incoming, `${kind}.jws`), jws);
  const nowS = Math.floor(now / 1000);
  const roster = signRoster(
    {
      version: nowS,
      issuedAt: nowS,
      expiresAt: nowS + 30 * 86_400,
      technicians: [
        {
          id: DEMO_TECHNICIAN.id,
          name: DEMO_TECHNICIAN.name,
          roles: [...DEMO_TECHNICIAN.roles],
          pin: technicianPinCheck(DEMO_TECHNICIAN.id, DEMO_TECHNICIAN.pin),
        },
      ],
    },
    root.value.privateKey,
  );
  if (!roster.ok) throw new Error(`demo roster: ${roster.error.detail}`);
  writeFileSync(join(incoming, 'roster.jws'), roster.value);
  const badge = signBadge(badgeKey.value.privateKey, {
    technicianId: DEMO_TECHNICIAN.id,
    name: DEMO_TECHNICIAN.name,
    roles: DEMO_TECHNICIAN.roles,
    nbf: nowS - 60,
    exp: nowS + 30 * 86_400,
  });
  if (!badge.ok) throw new Error(`demo badge: ${badge.error}`);
  const badgePath = join(options.demoDir, 'technician-badge.odb.txt');
  writeFileSync(badgePath, badge.value.qrText);
  writeFileSync(join(incoming, 'sync-stamp.json'), JSON.stringify({ at: now, source: 'demo' }));

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

  const files: Partial<Record<keyof DemoFiles['prescriptions'], DemoPrescriptionFile>> = {};
  const FILES = {
    valid: ['valid', 'amlodipine'],
    'bad-signature': ['badSignature', 'bad-signature'],
    'with-vitals': ['withVitals', 'amlodipine-vitals'],
  } as const;
  for (const rx of fresh()) {
    const [key, base] = FILES[rx.name];
    const textPath = join(options.demoDir, `${base}.shc.txt`);
    const pngPath = join(options.demoDir, `${base}.png`);
    writeFileSync(textPath, rx.qrText);
    const qr = await renderTokenQr(rx.qrText);
    if (!qr.ok) throw new Error(`demo QR ${base}: ${qr.error.detail}`);
    writeFileSync(pngPath, qr.value.png);
    files[key] = {
      textPath,
      pngPath,
      description: rx.description,
      qrText: rx.qrText,
      jti: rx.jti,
    };
  }
  return {
    issuerKey,
    prescriptions: files as DemoFiles['prescriptions'],
    fresh,
    technicianBadge: { qrText: badge.value.qrText, textPath: badgePath },
  };
}
