import { describe, expect, it } from 'vitest';
import { EscPosParser } from '../../hardware/printer/escpos';

describe('EscPosParser.flush', () => {
  // Found by `npm run fuzz` (seed 20240611): noise shaped like a 65535×65535 raster header.
  it('ends a skip of an oversized command, so the next stream is parsed again', () => {
    const p = new EscPosParser();
    p.push(Uint8Array.from([0x1d, 0x76, 0x30, 0x00, 0xff, 0xff, 0xff, 0xff]));
    const flushed = p.flush();
    expect(flushed).toHaveLength(1);
    expect(flushed[0]).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
    expect(p.atCommandBoundary).toBe(true);
    const next = p.push(Uint8Array.from([0x1b, 0x40, 0x41, 0x0a]));
    expect(next.length).toBeGreaterThan(0);
    expect(next.every((t) => t.ok)).toBe(true);
  });
});
