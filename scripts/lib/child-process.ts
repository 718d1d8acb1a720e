import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts a child that prints one `<MARKER> {json}` line when it is ready, and resolves with that
 * JSON: start-up waits on a milestone the child announces, never on a sleep.
 */
export function spawnUntilReady<T>(
  command: string,
  args: string[],
  marker: string,
  options: {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    onStderr?: (text: string) => void;
  },
): Promise<{ child: ChildProcess; ready: T }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${marker} not seen within ${options.timeoutMs ?? 60_000} ms; stderr:\n${stderr.slice(-2000)}`,
        ),
      );
    }, options.timeoutMs ?? 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith(`${marker} `));
      if (line) {
        clearTimeout(timer);
        resolve({ child, ready: JSON.parse(line.slice(marker.length + 1)) as T });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(chunk.toString());
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${command} ${args.join(' ')} exited (${code ?? signal}) before ${marker}; stderr:\n${stderr.slice(-2000)}`,
        ),
      );
    });
  });
}

/** Stops a child with SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
