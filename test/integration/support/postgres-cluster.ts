import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A throwaway PostgreSQL cluster for integration tests (DESIGN §8): initdb in a temp directory,
 * started on a free loopback port with its socket in the same directory, stopped and removed
 * afterwards. Needs the Debian `postgresql` package (scripts/bootstrap.mjs installs it). PostgreSQL
 * refuses to run as root, so as root the server runs as the `postgres` user via runuser.
 */

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  stop(): Promise<void>;
}

/** Why no cluster can be started here, or null when one can. */
export function postgresUnavailableReason(): string | null {
  return findBinDir() === null
    ? `no PostgreSQL server binaries under ${PG_ROOT} (apt-get install postgresql)`
    : null;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findBinDir();
  if (bin === null) throw new Error(postgresUnavailableReason() ?? 'no PostgreSQL');
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-pg-'));
  const dataDir = path.join(dir, 'data');
  // As root: run as `postgres`, which must own the directory (initdb creates dataDir inside it).
  const as = async (command: string, args: string[]): Promise<void> => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]]
      : [path.join(bin, command), args];
    try {
      await run(file, argv, { cwd: dir, timeout: 60_000 });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`${command} failed: ${e.stderr?.trim() || e.message}`);
    }
  };
  try {
    if (asRoot) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await as('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const port = await freePort();
    await as('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'server.log'),
      '-o',
      // fsync off: a test cluster does not need to survive a power cut, and it is much faster.
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`,
      '-w',
      'start',
    ]);
    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await as('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function findBinDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(PG_ROOT, version, 'bin');
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
