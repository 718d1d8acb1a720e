import { spawn, type ChildProcess } from 'node:child_process';

/** Two linked pseudo-terminals made by socat: bytes written to one end are read at the other. */
export interface PtyPair {
  /** First end, e.g. "/dev/pts/3" (conventionally the kiosk's side). */
  readonly a: string;
  /** Second end (conventionally the simulator's side). */
  readonly b: string;
  /** socat's process id. */
  readonly pid: number;
  /** True until socat has exited. */
  readonly alive: boolean;
  /**
   * Pulls the cable: SIGKILL socat, so both PTYs vanish and each open end sees EIO/close.
   * Resolves when socat has exited. Idempotent.
   */
  kill(): Promise<void>;
  /** Orderly shutdown (SIGTERM). Resolves when socat has exited. Idempotent. */
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /** socat binary. Default "socat" (Debian package `socat`). */
  socatPath?: string;
  /** How long to wait for socat to report both PTYs. Default 5000 ms. */
  timeoutMs?: number;
  /**
   * Stable symlinks to the two ends (socat's `link=`). A pair opened again with the same links is
   * the same cable plugged back in: the kiosk reopens the same path, as with a USB adapter that
   * comes back under its udev name. `a` and `b` are then the link paths.
   */
  links?: { a: string; b: string };
}

const PTY_LINE = /PTY is (\/dev\/\S+)/g;
const TRANSFER_LOOP_LINE = /starting data transfer loop/;

/** socat processes still running, killed if this process exits without closing them. */
const livePairs = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of livePairs) child.kill('SIGKILL');
  });
}

/**
 * Spawns `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and resolves once socat has printed both
 * "PTY is /dev/pts/N" lines and started its transfer loop, so bytes written right away are not
 * lost. Rejects with a clear message if socat is missing, exits early or is too slow.
 */
export function openPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const socatPath = options.socatPath ?? 'socat';
  const timeoutMs = options.timeoutMs ?? 5_000;
  installExitHook();

  return new Promise<PtyPair>((resolve, reject) => {
    let child: ChildProcess;
    try {
      const end = (link?: string) => `pty,raw,echo=0${link ? `,link=${link}` : ''}`;
      child = spawn(socatPath, ['-d', '-d', end(options.links?.a), end(options.links?.b)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      reject(socatMissing(socatPath, error as Error));
      return;
    }
    livePairs.add(child);
    let stderr = '';
    let settled = false;
    let exited = false;
    const exitedPromise = new Promise<void>((done) => {
      child.once('exit', () => {
        exited = true;
        livePairs.delete(child);
        done();
      });
    });

    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!exited) child.kill('SIGKILL');
      reject(error);
    };

    const timer = setTimeout(() => {
      fail(
        new Error(
          `socat did not report two PTYs and start its transfer loop within ${timeoutMs} ms; stderr: ${stderr.trim() || '(empty)'}`,
        ),
      );
    }, timeoutMs);

    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(error.code === 'ENOENT' ? socatMissing(socatPath, error) : error);
    });
    child.once('exit', (code, signal) => {
      fail(
        new Error(
          `socat exited (${signal ?? `code ${code}`}) before both PTYs were ready; stderr: ${stderr.trim() || '(empty)'}`,
        ),
      );
    });

    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      // Keep reading (and discarding) stderr for the life of socat so its pipe never fills.
      if (settled) return;
      stderr += text;
      const paths = [...stderr.matchAll(PTY_LINE)].map((m) => m[1] ?? '');
      if (paths.length < 2 || !TRANSFER_LOOP_LINE.test(stderr)) return;
      settled = true;
      clearTimeout(timer);
      const [a = '', b = ''] = options.links ? [options.links.a, options.links.b] : paths;
      const stop = async (signal: NodeJS.Signals): Promise<void> => {
        if (!exited) child.kill(signal);
        await exitedPromise;
      };
      resolve({
        a,
        b,
        pid: child.pid ?? -1,
        get alive() {
          return !exited;
        },
        kill: () => stop('SIGKILL'),
        close: () => stop('SIGTERM'),
      });
    });
  });
}

function socatMissing(socatPath: string, cause: Error): Error {
  return new Error(
    `Cannot start "${socatPath}": socat is not installed (Debian: apt-get install socat). ` +
      'It makes the PTY pairs the simulators and integration tests use.',
    { cause },
  );
}
