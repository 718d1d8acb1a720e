import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The pharmacist console's built React app (`npm run build:console` → hub/console/dist, git-ignored)
 * for e2e tests that open it in Chromium: rebuilt only when a source is newer than the build, so a
 * run after an unrelated change costs nothing.
 */

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const CONSOLE_SRC = path.join(ROOT, 'hub', 'console');
const CONSOLE_DIST = path.join(CONSOLE_SRC, 'dist');

/** Newest modification time under `dir` (skipping dist). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function buildConsoleIfStale(): void {
  let built = 0;
  try {
    built = statSync(path.join(CONSOLE_DIST, 'index.html')).mtimeMs;
  } catch {
    built = 0;
  }
  const sources = Math.max(
    newestSource(CONSOLE_SRC),
    // The app imports its request and answer schemas from here.
    statSync(path.join(ROOT, 'hub', 'pharmacy', 'console-api.ts')).mtimeMs,
    statSync(path.join(ROOT, 'hub', 'pharmacy', 'technicians-stock-api.ts')).mtimeMs,
  );
  if (built > sources) return;
  const result = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'hub/console/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`npm run build:console failed:\n${result.stdout}\n${result.stderr}`);
}
