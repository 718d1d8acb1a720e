import { describe, expect, it } from 'vitest';
import {
  clearedSessionCookie,
  SESSION_COOKIE,
  sessionCookie,
  sessionTokenFrom,
} from '../../hub/pharmacy/session-cookie';
import { downsampleTemperature } from '../../hub/pharmacy/fleet-dashboard';
import {
  parseAddPharmacistArgs,
  readPassword,
  PASSWORD_ENV,
} from '../../hub/pharmacy/add-pharmacist-command';

describe('console session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/, with the idle lifetime, Secure only over TLS', () => {
    expect(sessionCookie('abc', 28_800, false)).toBe(
      `${SESSION_COOKIE}=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800`,
    );
    expect(sessionCookie('abc', 28_800, true)).toMatch(/; Secure$/);
    expect(clearedSessionCookie(false)).toBe(
      `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`,
    );
  });

  it('reads only its own cookie from a Cookie header', () => {
    expect(sessionTokenFrom(undefined)).toBeUndefined();
    expect(sessionTokenFrom('')).toBeUndefined();
    expect(sessionTokenFrom(`theme=dark; ${SESSION_COOKIE}=tok123; other=x`)).toBe('tok123');
    expect(sessionTokenFrom(`x${SESSION_COOKIE}=nope`)).toBeUndefined();
    expect(sessionTokenFrom(`${SESSION_COOKIE}=`)).toBeUndefined();
  });
});

describe('temperature chart downsampling', () => {
  it('keeps every reading when there are few', () => {
    const points = [1, 2, 3].map((c, i) => ({ at: String(i), c }));
    expect(downsampleTemperature(points, 10)).toBe(points);
  });

  it('keeps each bucket’s lowest and highest reading, so no excursion disappears', () => {
    const points = Array.from({ length: 1000 }, (_, i) => ({
      at: String(i).padStart(4, '0'),
      c: 5,
    }));
    points[123] = { at: '0123', c: 12.5 };
    points[777] = { at: '0777', c: -1 };
    const out = downsampleTemperature(points, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out).toContainEqual({ at: '0123', c: 12.5 });
    expect(out).toContainEqual({ at: '0777', c: -1 });
    expect([...out].sort((a, b) => a.at.localeCompare(b.at))).toEqual(out);
  });
});

describe('add-pharmacist command', () => {
  it('takes the user and display name, never a password argument', () => {
    expect(parseAddPharmacistArgs(['--user', 'amina', '--name', 'Amina N'])).toEqual({
      ok: true,
      value: { username: 'amina', displayName: 'Amina N' },
    });
    const withPassword = parseAddPharmacistArgs([
      '--user',
      'amina',
      '--name',
      'A',
      '--password',
      'secret123456',
    ]);
    expect(withPassword.ok).toBe(false);
    expect(!withPassword.ok && withPassword.error).toContain(PASSWORD_ENV);
    expect(parseAddPharmacistArgs(['--name', 'A']).ok).toBe(false);
    expect(parseAddPharmacistArgs(['--user', 'a']).ok).toBe(false);
  });

  async function* lines(...chunks: string[]): AsyncIterable<string> {
    for (const chunk of chunks) yield chunk;
  }

  it('reads the password from the environment first, else the first line of stdin', async () => {
    expect(await readPassword({ [PASSWORD_ENV]: 'from the env 1' }, lines('from stdin\n'))).toEqual(
      { ok: true, value: 'from the env 1' },
    );
    expect(await readPassword({}, lines('from st', 'din 12\nsecond line\n'))).toEqual({
      ok: true,
      value: 'from stdin 12',
    });
    expect((await readPassword({}, lines(''))).ok).toBe(false);
  });
});
