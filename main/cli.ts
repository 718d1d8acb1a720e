/**
 * `npm run kiosk -- …`: the kiosk process with web-host (DESIGN §2). Prints one line
 * `KIOSK_READY {"url": …}` on stdout when the screen can be opened, so scripts and tests wait on a
 * milestone rather than a sleep.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { KioskStartError, startKiosk } from './app';
import { KIOSK_HELP, parseKioskArgs } from './kiosk-options';
import { runEnrollCommand } from './enroll-command';
import { startWebHost } from './web-host/web-host';
import { SIGNED_LIST_KINDS } from './prescriptions/signed-list';
import {
  ControlRequestError,
  route,
  startControlServer,
  type RunningControlServer,
} from '../hardware/sim-host/control-server';

async function main(): Promise<number> {
  if (process.argv[2] === 'enroll') return runEnrollCommand(process.argv.slice(3));
  const parsed = parseKioskArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`kiosk: ${parsed.error}\n\n${KIOSK_HELP}`);
    return 2;
  }
  if (parsed.value === 'help') {
    console.log(KIOSK_HELP);
    return 0;
  }
  const options = parsed.value;
  // Logs are written asynchronously: a slow reader of stderr must never hold up the event loop
  // that answers the dispenser board's POLL within 100 ms. Flushed before any exit.
  const logDestination = pino.destination({ dest: 2, sync: false });
  const log = pino({ name: 'kiosk' }, logDestination);
  process.once('exit', () => {
    try {
      logDestination.flushSync();
    } catch {
      // At exit nothing more can be done about a log that cannot be written.
    }
  });
  let kiosk;
  try {
    kiosk = await startKiosk(options, {
      logger: log,
      onFatal: () => {
        // The journal could not make an event durable: stop now rather than carry on unrecorded.
        process.exit(70);
      },
    });
  } catch (e) {
    if (e instanceof KioskStartError) {
      console.error(`kiosk: ${e.message}`);
      return 2;
    }
    throw e;
  }

  const host = await startWebHost({
    bridge: kiosk.bridge,
    rendererDir: resolve(import.meta.dirname, '../dist/renderer'),
    port: options.port,
    onRefused: (why) => log.warn({ why }, 'web-host refused'),
  });

  let control: RunningControlServer | null = null;
  if (kiosk.testClock && kiosk.testControl) {
    const clock = kiosk.testClock;
    const test = kiosk.testControl;
    control = await startControlServer([
      route({
        method: 'POST',
        path: '/test/fills/acknowledge',
        handle: async () => ({ upToSeq: await test.acknowledgeFills() }),
      }),
      route({
        method: 'POST',
        path: '/test/sync',
        handle: async () => ({ status: await test.stampSync() }),
      }),
      route({
        method: 'POST',
        path: '/test/lists/install',
        body: z.strictObject({
          kind: z.enum(SIGNED_LIST_KINDS),
          jws: z
            .string()
            .min(1)
            .max(16 * 1024 * 1024),
        }),
        handle: async ({ kind, jws }) => {
          const refused = await test.installList(kind, jws);
          if (refused) throw new ControlRequestError(refused);
          return { installed: kind };
        },
      }),
      route({
        method: 'POST',
        path: '/test/clock/advance',
        body: z.strictObject({ ms: z.number().int().positive() }),
        handle: ({ ms }) => {
          clock.advance(ms);
          return { now: new Date(clock.now()).toISOString() };
        },
      }),
    ]);
    writeFileSync(
      join(options.dataDir, 'test-control.json'),
      JSON.stringify({ url: control.url, token: control.token }),
      { mode: 0o600 },
    );
  }

  process.stdout.write(
    `KIOSK_READY ${JSON.stringify({ url: host.url, outOfService: kiosk.outOfService })}\n`,
  );

  await new Promise<void>((resolveStop) => {
    process.once('SIGTERM', resolveStop);
    process.once('SIGINT', resolveStop);
  });
  await host.close();
  await control?.close();
  await kiosk.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
