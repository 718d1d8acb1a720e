import { read as fsRead } from 'node:fs';
import { SerialPort } from 'serialport';

/**
 * serialport's Unix read loop (`@serialport/bindings-cpp` unixRead) treats a 0-byte read as
 * "nothing yet" and reads again at once. A tty that has been hung up (a PTY whose socat was
 * killed, a serial line whose carrier dropped) returns 0 forever, so that loop spins on the
 * libuv thread pool and never reports the loss: the port looks open and silent. Which end gets
 * stuck is a race: an end that was waiting in the poller at the hang-up sees POLLERR and closes
 * properly; an end that was mid-read spins.
 *
 * This binding wraps the platform binding and gives each opened port a read that treats 0 bytes
 * as end of file, i.e. a disconnect, so serialport closes the port with a DisconnectedError as it
 * does for EIO. Everything else (open, write, ioctl, Windows) is the library's own code.
 */

type DetectedBinding = typeof SerialPort.binding;
type OpenedPort = Awaited<ReturnType<DetectedBinding['open']>>;
type OpenOptions = Parameters<DetectedBinding['open']>[0];

/** The two members of the Unix port bindings (Linux, macOS) this fix relies on. */
interface UnixPortInternals {
  readonly isOpen: boolean;
  fd: number | null;
  poller: { once(event: 'readable', callback: (error: Error | null) => void): unknown };
}

function isUnixPort<T>(port: T): port is T & UnixPortInternals {
  if (typeof port !== 'object' || port === null) return false;
  const candidate = port as Partial<UnixPortInternals>;
  return 'fd' in candidate && typeof candidate.poller?.once === 'function';
}

/** An error serialport's stream ignores (it checks `canceled`), as its own binding throws on close. */
function canceled(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

function readOnce(fd: number, buffer: Buffer, offset: number, length: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fsRead(fd, buffer, offset, length, null, (error, bytesRead) =>
      error ? reject(error) : resolve(bytesRead),
    );
  });
}

const RETRY_CODES = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

function installEofAwareRead(port: OpenedPort): void {
  if (!isUnixPort(port)) return;
  const unix = port;
  port.read = async (buffer: Buffer, offset: number, length: number) => {
    for (;;) {
      if (!unix.isOpen || unix.fd === null) throw canceled();
      try {
        const bytesRead = await readOnce(unix.fd, buffer, offset, length);
        if (bytesRead === 0) {
          throw Object.assign(new Error('end of file: the device hung up'), { disconnect: true });
        }
        return { bytesRead, buffer };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === undefined || !RETRY_CODES.has(code)) throw error;
        if (!unix.isOpen) throw canceled();
        // Nothing to read yet: wait until the poller says readable (or reports the line gone).
        await new Promise<void>((resolve, reject) => {
          unix.poller.once('readable', (pollError: Error | null) =>
            pollError ? reject(pollError) : resolve(),
          );
        });
      }
    }
  };
}

const platform = SerialPort.binding;
// The detected binding's type is a union over platforms; on the running platform it is one
// object whose open() takes that platform's options, which is all this wrapper passes through.
const openOnPlatform = platform.open.bind(platform) as (
  options: OpenOptions,
) => Promise<OpenedPort>;

/** The platform binding, with ports whose reads report a hang-up instead of spinning. */
export const hangupAwareBinding = {
  ...platform,
  async open(options: OpenOptions): Promise<OpenedPort> {
    const port = await openOnPlatform(options);
    installEofAwareRead(port);
    return port;
  },
} as DetectedBinding;
