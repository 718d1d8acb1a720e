/**
 * `npm run rx:demo -- --out <dir> [--keys <dir>]`: makes the demo prescriptions (a valid one and a
 * tampered one) as `shc:/` text and QR PNG, plus the trust list a kiosk needs to accept them, and
 * says how to scan them with the simulator. Prints paths only: tokens are bearer credentials and
 * never go to the terminal or a log.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEMO_ISSUER_URL,
  DEMO_PATIENT,
  createTrustList,
  loadOrCreateIssuerKey,
  makeDemoPrescriptions,
  renderTokenQr,
} from '../main/prescriptions';

const HELP = `Usage: npm run rx:demo -- --out DIR [options]

Writes the demo prescriptions the kiosk prints at first start:
  DIR/valid.shc.txt, DIR/valid.png                   accepted by the kiosk
  DIR/bad-signature.shc.txt, DIR/bad-signature.png   refused (bad_signature)
  DIR/trust-list.json                                the trusted-issuer payload (unsigned): sign it for a
                                                     kiosk with npm run rx -- trust-list
  DIR/README.txt                                     the demo patient's birth date and PIN

Options:
  --out DIR        where to write the files (required; created if missing)
  --keys DIR       the demo issuer's key pair; made on first use (default .opendispense/issuer)
  --kiosk ID       kiosk id the prescriptions are bound to (default demo-kiosk)
  --site ID        site id the prescriptions are bound to (default demo-site)
  --issuer URL     issuer URL (iss) (default ${DEMO_ISSUER_URL})
  --help           show this text`;

type Options = { out: string; keys: string; kiosk: string; site: string; issuer: string };

function parse(argv: string[]): Options | 'help' | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        keys: { type: 'string' },
        kiosk: { type: 'string' },
        site: { type: 'string' },
        issuer: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (values.help) return 'help';
  if (!values.out) return { error: '--out DIR is required' };
  for (const name of ['kiosk', 'site'] as const) {
    const v = values[name];
    if (v !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(v)) {
      return { error: `--${name} must be 1–64 letters, digits, ".", "_" or "-"` };
    }
  }
  if (values.issuer !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(values.issuer);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || values.issuer.endsWith('/')) {
      return { error: '--issuer must be an http(s) URL without a trailing "/"' };
    }
  }
  return {
    out: resolve(values.out),
    keys: resolve(values.keys ?? '.opendispense/issuer'),
    kiosk: values.kiosk ?? 'demo-kiosk',
    site: values.site ?? 'demo-site',
    issuer: values.issuer ?? DEMO_ISSUER_URL,
  };
}

async function main(): Promise<number> {
  const parsed = parse(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(HELP);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`rx:demo: ${parsed.error}\n\n${HELP}`);
    return 2;
  }
  const key = await loadOrCreateIssuerKey(parsed.keys);
  if (!key.ok) {
    console.error(`rx:demo: issuer key ${key.error.path}: ${key.error.detail}`);
    return 1;
  }
  if (key.value.permissionsFixed) {
    console.error(
      `rx:demo: the issuer key in ${parsed.keys} was readable by others; set it to 0600`,
    );
  }
  const now = Date.now();
  const demos = makeDemoPrescriptions({
    issuerKey: key.value.privateKey,
    kid: key.value.kid,
    issuer: parsed.issuer,
    kioskId: parsed.kiosk,
    siteId: parsed.site,
    now,
  });
  if (!demos.ok) {
    console.error(`rx:demo: ${demos.error}`);
    return 1;
  }

  try {
    await mkdir(parsed.out, { recursive: true });
  } catch (e) {
    console.error(`rx:demo: cannot create ${parsed.out}: ${(e as Error).message}`);
    return 1;
  }
  const nowSeconds = Math.floor(now / 1000);
  const trust = createTrustList({
    version: nowSeconds,
    issuedAt: nowSeconds,
    expiresAt: nowSeconds + 30 * 86_400,
    // A day back, so the key already covers the demo tokens' nbf (a minute before now).
    issuers: [{ iss: parsed.issuer, jwk: key.value.publicJwk, notBefore: nowSeconds - 86_400 }],
  });
  // Relative to where the operator stands when that is shorter, so commands can be pasted as-is.
  const show = (file: string): string => {
    const rel = relative(process.cwd(), file);
    return rel === '' ? '.' : rel.startsWith('..') ? file : rel;
  };
  const lines: string[] = [];
  for (const demo of demos.value) {
    const qr = await renderTokenQr(demo.qrText);
    if (!qr.ok) {
      console.error(`rx:demo: ${demo.name}: ${qr.error.detail}`);
      return 1;
    }
    const textPath = join(parsed.out, `${demo.name}.shc.txt`);
    const pngPath = join(parsed.out, `${demo.name}.png`);
    await writeFile(textPath, demo.qrText, 'utf8');
    await writeFile(pngPath, qr.value.png);
    lines.push(
      `${demo.name}: ${demo.description}`,
      `  QR (version ${qr.value.version}, ECC L): ${show(pngPath)}`,
      `  text: ${show(textPath)}`,
      `  scan: npm run sim -- scan "$(cat ${show(textPath)})"`,
    );
  }
  const trustPath = join(parsed.out, 'trust-list.json');
  await writeFile(trustPath, `${JSON.stringify(trust, null, 2)}\n`, 'utf8');
  const readmePath = join(parsed.out, 'README.txt');
  await writeFile(
    readmePath,
    [
      'OpenDispense demo prescriptions (fictitious data, for trying the kiosk only).',
      '',
      `Bound to kiosk "${parsed.kiosk}" and site "${parsed.site}", issuer ${parsed.issuer}.`,
      `The trusted-issuer payload is ${trustPath}; a kiosk takes it signed by the root key`,
      `(npm run rx -- trust-list, then drop the .jws in DATA_DIR/incoming/). npm start does this for you.`,
      '',
      'When the kiosk asks who you are, enter the demo patient:',
      `  birth date ${DEMO_PATIENT.birthDate}`,
      `  PIN        ${DEMO_PATIENT.pin}`,
      '',
      ...lines,
      '',
    ].join('\n'),
    'utf8',
  );

  console.log(
    `Demo prescriptions written to ${show(parsed.out)} (issuer key ${show(parsed.keys)}):\n`,
  );
  console.log(lines.join('\n'));
  console.log(
    `\nTrusted issuers (unsigned): ${show(trustPath)}; sign with npm run rx -- trust-list for a kiosk's DATA_DIR/incoming/.` +
      `\nThe demo patient's birth date and PIN are in ${show(readmePath)}.`,
  );
  return 0;
}

process.exitCode = await main();
