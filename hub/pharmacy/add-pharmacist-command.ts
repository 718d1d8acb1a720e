import path from 'node:path';
import { parseArgs } from 'node:util';
import { err, ok, type Result } from '../../contracts/result';
import type { HubDatabase } from '../db/hub-database';
import { openHubDatabase } from '../db/open-hub-database';
import { DEFAULT_HUB_DATA_DIR } from '../hub-options';
import { createPharmacist, NewPharmacist } from './pharmacist-accounts';

/**
 * `npm run hub -- add-pharmacist --user NAME --name "Display Name"`: makes a console account. The
 * password never travels in argv (visible in `ps` and shell history): it comes from the
 * environment variable HUB_PHARMACIST_PASSWORD, or else from the first line of stdin.
 */

export const PASSWORD_ENV = 'HUB_PHARMACIST_PASSWORD';

export const ADD_PHARMACIST_HELP = `Usage: npm run hub -- add-pharmacist --user NAME --name "Display Name" [--data-dir DIR]

Creates a pharmacist account for the console. The password is read from the environment variable
${PASSWORD_ENV}, or else from the first line of standard input (at least 10 characters), e.g.
  printf '%s\\n' "$PASSWORD" | npm run hub -- add-pharmacist --user amina --name "Amina Njoroge"
The password is never accepted as an argument.`;

export interface AddPharmacistArgs {
  readonly username: string;
  readonly displayName: string;
  readonly dataDir?: string;
}

export function parseAddPharmacistArgs(argv: string[]): Result<AddPharmacistArgs | 'help', string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        user: { type: 'string' },
        name: { type: 'string' },
        'data-dir': { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (e) {
    return err((e as Error).message);
  }
  const { values } = parsed;
  if (values.help) return ok('help');
  if (values.password !== undefined) {
    return err(
      `the password is never taken from the command line: set ${PASSWORD_ENV} or pipe it on stdin`,
    );
  }
  if (!values.user) return err('add-pharmacist needs --user NAME');
  if (!values.name) return err('add-pharmacist needs --name "Display Name"');
  return ok({
    username: values.user,
    displayName: values.name,
    ...(values['data-dir'] && { dataDir: values['data-dir'] }),
  });
}

/** The password from the environment, else the first line of `stdin`. */
export async function readPassword(
  env: Record<string, string | undefined>,
  stdin: AsyncIterable<Buffer | string>,
): Promise<Result<string, string>> {
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv) return ok(fromEnv);
  let text = '';
  for await (const chunk of stdin) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  return line === '' ? err(`no password: set ${PASSWORD_ENV} or write it on stdin`) : ok(line);
}

export async function addPharmacist(
  db: HubDatabase,
  args: AddPharmacistArgs,
  password: string,
): Promise<Result<string, string>> {
  const created = await createPharmacist(db, {
    username: args.username,
    displayName: args.displayName,
    password,
  });
  if (!created.ok) return err(created.error.message);
  return ok(`pharmacist ${created.value.username} (${created.value.displayName}) created`);
}

/** The whole subcommand; returns the exit code (0 made, 1 refused, 2 usage). */
export async function runAddPharmacistCommand(
  argv: string[],
  io: {
    env: Record<string, string | undefined>;
    stdin: AsyncIterable<Buffer | string>;
    stdout: { write(text: string): unknown };
    stderr: { write(text: string): unknown };
  },
): Promise<number> {
  const args = parseAddPharmacistArgs(argv);
  if (!args.ok) {
    io.stderr.write(`${args.error}\n\n${ADD_PHARMACIST_HELP}\n`);
    return 2;
  }
  if (args.value === 'help') {
    io.stdout.write(`${ADD_PHARMACIST_HELP}\n`);
    return 0;
  }
  const password = await readPassword(io.env, io.stdin);
  if (!password.ok) {
    io.stderr.write(`${password.error}\n`);
    return 2;
  }
  // Checked before the database is opened (seconds for PGlite): a typo answers at once.
  const input = NewPharmacist.safeParse({
    username: args.value.username,
    displayName: args.value.displayName,
    password: password.value,
  });
  if (!input.success) {
    io.stderr.write(`add-pharmacist: ${input.error.issues.map((i) => i.message).join('; ')}\n`);
    return 1;
  }
  const databaseUrl = io.env.DATABASE_URL || undefined;
  const db = await openHubDatabase(
    databaseUrl !== undefined
      ? { databaseUrl }
      : { dataDir: path.resolve(args.value.dataDir ?? DEFAULT_HUB_DATA_DIR) },
  );
  try {
    const made = await addPharmacist(db, args.value, password.value);
    if (!made.ok) {
      io.stderr.write(`add-pharmacist: ${made.error}\n`);
      return 1;
    }
    io.stdout.write(`${made.value}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
