import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bpCuffEntry,
  DeviceTrafficRing,
  dispenserEntry,
  scannerEntry,
} from '../../main/diagnostics/device-traffic-ring';
import { birthDateVariants, findLeaks, leaksIn } from '../../main/diagnostics/leak-search';
import { redactConfig, redactLogText, REDACTED, scrubText } from '../../main/diagnostics/redaction';
import { redactScan } from '../../hardware/scanner/redact';

const SHC = `shc:/${'5676295953265460346029254077280433602870286471674522280'.repeat(4)}`;
const JWS = 'eyJhbGciOiJFUzI1NiJ9.eyJqdGkiOiJ4eXoifQ.c2lnbmF0dXJlLWJ5dGVz';
const JTI = '3f1c2a9e-6b7d-4e21-9a0c-5d8e7f6a1b2c';
const CHECK = 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const NEEDLES = [
  { label: 'PIN', text: '246810', standaloneDigits: true },
  ...birthDateVariants('1960-05-14').map((text) => ({ label: `birth date ${text}`, text })),
  { label: 'jti', text: JTI },
];

describe('leak search (it must be able to fail)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'leaks-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('spells a birth date the ways people and systems write it', () => {
    expect(birthDateVariants('1960-05-14')).toEqual(
      expect.arrayContaining([
        '1960-05-14',
        '19600514',
        '14/05/1960',
        '05/14/1960',
        '14.05.1960',
        '14051960',
      ]),
    );
  });

  it('finds each planted secret in any file, nested, and nothing in clean files', async () => {
    await mkdir(path.join(dir, 'logs', 'deep'), { recursive: true });
    await writeFile(
      path.join(dir, 'clean.json'),
      JSON.stringify({ time: 1_767_000_246_810_123, lot: 'L1', expiry: '2027-06-30' }),
    );
    await writeFile(path.join(dir, 'logs', 'pin.log'), '{"msg":"entered","value":"246810"}\n');
    await writeFile(path.join(dir, 'logs', 'deep', 'dob.txt'), 'born 05/14/1960');
    await writeFile(path.join(dir, 'logs', 'token.txt'), `scanned ${SHC}`);
    await writeFile(
      path.join(dir, 'jws.bin'),
      Buffer.concat([Buffer.from([0, 255, 7]), Buffer.from(JWS + '.' + JWS)]),
    );
    await writeFile(path.join(dir, 'check.txt'), CHECK);
    await writeFile(path.join(dir, 'jti.txt'), `token ${JTI}`);
    const leaks = await findLeaks(dir, NEEDLES);
    expect(leaks.map((l) => `${l.file}: ${l.label}`).sort()).toEqual([
      'check.txt: a scrypt check value',
      'jti.txt: jti',
      'jws.bin: a compact JWS',
      'logs/deep/dob.txt: birth date 05/14/1960',
      'logs/pin.log: PIN',
      'logs/token.txt: a token in shc:/ or odb:/ QR form',
    ]);
    // A PIN-like run inside a longer number (a timestamp) is not a PIN.
    expect(leaksIn('"time":1767000246810123', NEEDLES)).toEqual([]);
    expect(leaksIn('pin=246810;', NEEDLES)).toEqual(['PIN']);
  });
});

describe('redaction', () => {
  it('scrubs tokens, JWS, check values and UUIDs from text but keeps a redacted scan preview', () => {
    const text = `scan ${SHC} jws ${JWS} check ${CHECK} id ${JTI} preview "shc:/567…"`;
    const scrubbed = scrubText(text);
    expect(scrubbed).toBe(
      `scan shc:/[${SHC.length - 5} digits redacted] jws [JWS redacted] check [check value redacted] id [uuid redacted] preview "shc:/567…"`,
    );
    expect(leaksIn(scrubbed, NEEDLES)).toEqual([]);
  });

  it('replaces config secrets and keeps the rest', () => {
    expect(
      redactConfig({
        kioskId: 'k-1',
        hub: { url: 'https://hub.example', enrollmentToken: 'abc', apiKey: 'k', password: 'p' },
        devices: [{ path: '/dev/ttyUSB0', techPin: '1234' }],
        pharmacistPhone: '+000 555',
      }),
    ).toEqual({
      kioskId: 'k-1',
      hub: {
        url: 'https://hub.example',
        enrollmentToken: REDACTED,
        apiKey: REDACTED,
        password: REDACTED,
      },
      devices: [{ path: '/dev/ttyUSB0', techPin: REDACTED }],
      pharmacistPhone: '+000 555',
    });
  });

  it('drops sensitive log fields and scrubs the rest, line by line, torn lines included', () => {
    const log = [
      JSON.stringify({
        level: 30,
        time: 1,
        msg: 'rx accepted',
        jti: JTI,
        pin: '246810',
        birthDate: '1960-05-14',
      }),
      JSON.stringify({
        level: 30,
        time: 2,
        msg: `odd ${SHC}`,
        detail: { nested: { qrText: SHC, ok: true } },
      }),
      JSON.stringify({
        level: 40,
        time: 3,
        scan: ']Q1 QR Code, 2395 chars, "shc:/567…"',
        device: 'scanner',
      }),
      `{"level":30,"msg":"torn ${JTI}`,
      `plain text ${JWS}`,
    ].join('\n');
    const out = redactLogText(log).split('\n');
    expect(JSON.parse(out[0] ?? '')).toEqual({
      level: 30,
      time: 1,
      msg: 'rx accepted',
      jti: REDACTED,
      pin: REDACTED,
      birthDate: REDACTED,
    });
    expect(JSON.parse(out[1] ?? '')).toMatchObject({
      detail: { nested: { qrText: REDACTED, ok: true } },
    });
    expect(JSON.parse(out[2] ?? '')).toEqual({
      level: 40,
      time: 3,
      scan: ']Q1 QR Code, 2395 chars, "shc:/567…"',
      device: 'scanner',
    });
    expect(out[3]).toBe('{"level":30,"msg":"torn [uuid redacted]');
    expect(out[4]).toBe('plain text [JWS redacted]');
    expect(leaksIn(out.join('\n'), NEEDLES)).toEqual([]);
  });
});

describe('device traffic ring', () => {
  it('keeps the newest entries per device and counts everything ever seen', () => {
    const ring = new DeviceTrafficRing(3);
    for (let i = 0; i < 5; i++) {
      ring.record(
        dispenserEntry({
          dir: 'rx',
          bytes: new Uint8Array([0xfa, 0xfb, 0x41, 0, i]),
          at: i,
          frame: { kind: 'POLL' },
        }),
      );
    }
    ring.record(
      dispenserEntry({
        dir: 'rx',
        bytes: new Uint8Array([1]),
        at: 9,
        error: { code: 'TRUNCATED', detail: '' },
      }),
    );
    ring.record(
      dispenserEntry({
        dir: 'tx',
        bytes: new Uint8Array([0xfa]),
        at: 10,
        frame: { kind: 'ACK' },
        note: 'resend 2/5',
      }),
    );
    expect(ring.recent('dispenser').map((e) => e.at)).toEqual([4, 9, 10]);
    expect(ring.recent('dispenser', 1)[0]).toMatchObject({
      summary: 'ACK (resend 2/5)',
      hex: 'fa',
    });
    expect(ring.recent('dispenser')[0]?.hex).toBe('fa fb 41 00 04');
    expect(ring.counters()).toEqual({
      dispenser: { rxFrames: 5, rxErrors: 1, txFrames: 1, notes: 0 },
    });
    ring.clear('dispenser');
    expect(ring.recent('dispenser')).toEqual([]);
    expect(ring.counters().dispenser?.rxFrames).toBe(5);
  });

  it("keeps a patient's pressures and scans out: BP values and scanner payloads are redacted", () => {
    const result = bpCuffEntry({
      dir: 'rx',
      text: '$BP,R,1,mmHg,151,094,113,118,0009*54',
      atMs: 1,
      sentence: {
        type: 'R',
        seq: 1,
        unit: 'mmHg',
        systolic: 151,
        diastolic: 94,
        map: 113,
        pulse: 118,
        status: 9,
      } as never,
    });
    expect(result.summary).toBe('$BP,R,1 (values not recorded)');
    expect(JSON.stringify(result)).not.toMatch(/151|094|118/);
    const ack = bpCuffEntry({
      dir: 'rx',
      text: '$BP,ACK,1*6A',
      atMs: 2,
      sentence: { type: 'ACK', seq: 1 },
    });
    expect(ack.summary).toBe('$BP,ACK,1*6A');
    const scan = scannerEntry({
      kind: 'scan',
      atMs: 3,
      scan: redactScan({ aim: ']Q1', text: SHC }),
      debounced: false,
    });
    expect(scan.summary).toMatch(/^scan \]Q1 QR Code, \d+ chars, "shc:\/567…"$/);
    expect(leaksIn(JSON.stringify([result, ack, scan]), NEEDLES)).toEqual([]);
  });
});
