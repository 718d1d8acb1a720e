import { describe, expect, test } from 'vitest';
import { createMemoryTransportPair } from '../../hardware/transports/memory-transport';
import { describeOpenError } from '../../hardware/transports/serial-transport';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('memory transport pair', () => {
  test('bytes written on one end arrive at the other, asynchronously and copied', async () => {
    const [a, b] = createMemoryTransportPair({ name: 't' });
    await a.open();
    await b.open();
    const received: number[][] = [];
    b.onData((chunk) => received.push([...chunk]));
    const data = Uint8Array.from([1, 2, 3]);
    const written = a.write(data);
    data[0] = 9;
    // Not delivered inside write(): a reply can never be re-entrant.
    expect(received).toEqual([]);
    await written;
    await settle();
    expect(received).toEqual([[1, 2, 3]]);
    expect(a.written.map((c) => [...c])).toEqual([[1, 2, 3]]);
    expect(a.description).toBe('memory:t:a');
  });

  test('writing before open rejects', async () => {
    const [a] = createMemoryTransportPair();
    await expect(a.write(Uint8Array.from([1]))).rejects.toThrow(/not open/);
  });

  test('simulateLoss fires onLost once, closes the end and makes writes and reopen fail', async () => {
    const [a, b] = createMemoryTransportPair();
    await a.open();
    await b.open();
    const lost: string[] = [];
    a.onLost((e) => lost.push(e.message));
    a.simulateLoss(new Error('EIO'));
    a.simulateLoss(new Error('again'));
    expect(lost).toEqual(['EIO']);
    expect(a.isOpen).toBe(false);
    await expect(a.write(Uint8Array.from([1]))).rejects.toThrow(/lost/);
    await expect(a.open()).rejects.toThrow(/unplugged/);
    expect(b.isOpen).toBe(true);
  });

  test('a closed end drops what the peer sends; close is idempotent', async () => {
    const [a, b] = createMemoryTransportPair();
    await a.open();
    await b.open();
    const received: number[] = [];
    b.onData((chunk) => received.push(...chunk));
    await b.close();
    await b.close();
    await a.write(Uint8Array.from([7]));
    await settle();
    expect(received).toEqual([]);
  });

  test('unsubscribing stops delivery', async () => {
    const [a, b] = createMemoryTransportPair();
    await a.open();
    await b.open();
    const received: number[] = [];
    const off = b.onData((chunk) => received.push(...chunk));
    off();
    await a.write(Uint8Array.from([7]));
    await settle();
    expect(received).toEqual([]);
  });
});

describe('serial open errors are explained', () => {
  test.each([
    ['Error: No such file or directory, cannot open /dev/ttyUSB9', /no such device/],
    ['Error Resource temporarily unavailable Cannot lock port', /busy/],
    ['Error: Permission denied, cannot open /dev/ttyUSB0', /permission denied.*dialout/],
  ])('%s', (message, expected) => {
    const error = describeOpenError('/dev/ttyUSB0', new Error(message));
    expect(error.message).toMatch(/^Cannot open serial port \/dev\/ttyUSB0: /);
    expect(error.message).toMatch(expected);
  });
});
