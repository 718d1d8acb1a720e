import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { err, ok, type Result } from '../../contracts/result';

/** A config file that cannot be used, with its path and the key that is wrong (DESIGN §9). */
export interface ConfigError {
  path: string;
  message: string;
}

export function formatConfigError(e: ConfigError): string {
  return `config ${e.path}: ${e.message}`;
}

/** Reads a JSON file and validates it; every problem names the file and the key. */
export function loadJsonConfig<S extends z.ZodType>(
  path: string,
  schema: S,
): Result<z.infer<S>, ConfigError> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return err({ path, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err({ path, message: `not valid JSON: ${(e as Error).message}` });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`,
    );
    return err({ path, message: issues.join('; ') });
  }
  return ok(parsed.data);
}
