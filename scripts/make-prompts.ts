/**
 * `npm run prompts`: the spoken prompts (DESIGN §1: a patient who cannot read must hear each
 * screen). For every language of contracts/bridge.ts and every prompt of renderer/audio/prompts.ts,
 * espeak-ng reads that language's text into assets/audio/<language>/<prompt>.wav, and
 * assets/audio/manifest.json records a hash of what each file was made from. A run remakes only
 * the prompts whose words (or voice settings) changed, or whose file is missing or altered.
 * The audio is not committed: `npm test` and `npm start` run this before building the renderer,
 * and the build copies the files into dist/renderer/audio.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LANGUAGES, type Language } from '../contracts/bridge';
import {
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  parseManifest,
  type ManifestEntry,
  type PromptManifest,
} from '../renderer/audio/prompt-manifest';
import {
  PROMPT_IDS,
  promptPath,
  promptText,
  type PromptId,
  type TextKey,
} from '../renderer/audio/prompts';

const ROOT = join(import.meta.dirname, '..');
export const DEFAULT_TEXTS_DIR = join(ROOT, 'renderer', 'i18n');
export const DEFAULT_AUDIO_DIR = join(ROOT, 'assets', 'audio');

/** espeak-ng voice per language (`espeak-ng --voices` lists them; sw is East African Swahili). */
export const VOICES: Record<Language, string> = { en: 'en', es: 'es', fr: 'fr', sw: 'sw' };
/**
 * Words per minute. espeak-ng's default is 175; slower is easier to follow for a listener who
 * is unsure of the language or hard of hearing, and every prompt is only a few sentences.
 */
export const SPEED_WPM = 140;

const HELP = `Usage: node --import tsx scripts/make-prompts.ts [--check] [--force]

Makes the spoken prompts with espeak-ng: one WAV per prompt per language, from the texts in
renderer/i18n/<language>.json, into assets/audio/<language>/<prompt>.wav, and a manifest
(assets/audio/manifest.json) with a hash of the words, voice and speed of each file.
Only prompts whose words changed, or whose file is missing or altered, are made again.

  --check   make nothing; exit 1 if any prompt is missing or stale (lists them)
  --force   make every prompt again
  --help    this text

Needs espeak-ng (Debian: apt-get install espeak-ng) when something must be made. Without it the
run warns and leaves the audio as it is (the kiosk then shows text only), except under CI=true,
where it fails.`;

export type Texts = Record<Language, unknown>;

/** One file to be made: what it says, in which voice, and the hash of that. */
export interface PromptSource {
  /** `<language>/<prompt>`: the manifest key. */
  key: string;
  language: Language;
  prompt: PromptId;
  file: string;
  voice: string;
  speed: number;
  text: string;
  textHash: string;
}

export type StaleReason = 'new' | 'text changed' | 'file missing' | 'file changed' | 'forced';

export interface PromptPlan {
  make: { source: PromptSource; why: StaleReason }[];
  keep: PromptSource[];
  /** Manifest entries (and their files) that no prompt wants any more. */
  remove: ManifestEntry[];
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The string at a dotted key of one language's texts; a missing key is a bug in the texts. */
export function textAt(texts: unknown, key: TextKey): string {
  let value: unknown = texts;
  for (const part of key.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`no text for "${key}"`);
  return value;
}

export function loadTexts(dir: string = DEFAULT_TEXTS_DIR): Texts {
  const texts = {} as Texts;
  for (const language of LANGUAGES)
    texts[language] = JSON.parse(readFileSync(join(dir, `${language}.json`), 'utf8')) as unknown;
  return texts;
}

export function promptSources(texts: Texts): PromptSource[] {
  return LANGUAGES.flatMap((language) =>
    PROMPT_IDS.map((prompt) => {
      let text: string;
      try {
        text = promptText((key) => textAt(texts[language], key), prompt);
      } catch (error) {
        throw new Error(
          `${language}.json, prompt "${prompt}": ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const voice = VOICES[language];
      return {
        key: `${language}/${prompt}`,
        language,
        prompt,
        file: promptPath(language, prompt),
        voice,
        speed: SPEED_WPM,
        text,
        textHash: sha256(JSON.stringify({ voice, speed: SPEED_WPM, text })),
      };
    }),
  );
}

/**
 * Which prompts must be made. `audioHashOf(file)` is the SHA-256 of a file in the audio
 * directory, or null when it does not exist.
 */
export function planPrompts(
  sources: PromptSource[],
  manifest: PromptManifest | null,
  audioHashOf: (file: string) => string | null,
  force = false,
): PromptPlan {
  const plan: PromptPlan = { make: [], keep: [], remove: [] };
  for (const source of sources) {
    const entry = manifest?.prompts[source.key];
    const audioHash = audioHashOf(source.file);
    const why: StaleReason | null = force
      ? 'forced'
      : !entry || entry.file !== source.file
        ? 'new'
        : entry.textHash !== source.textHash
          ? 'text changed'
          : audioHash === null
            ? 'file missing'
            : audioHash !== entry.audioHash
              ? 'file changed'
              : null;
    if (why) plan.make.push({ source, why });
    else plan.keep.push(source);
  }
  const wanted = new Set(sources.map((s) => s.key));
  for (const [key, entry] of Object.entries(manifest?.prompts ?? {}))
    if (!wanted.has(key)) plan.remove.push(entry);
  return plan;
}

/** Writes `source` as a WAV at `outFile`; throws with the reason when it cannot. */
export type Synthesizer = (source: PromptSource, outFile: string) => void;

/** `espeak-ng --version`, or null when espeak-ng is not installed. */
export function espeakVersion(): string | null {
  const r = spawnSync('espeak-ng', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  // The first line also names the data directory, which differs from machine to machine.
  return (
    r.stdout
      .split('\n')[0]
      ?.split(/\s+Data at:/)[0]
      ?.trim() || 'espeak-ng'
  );
}

export const espeakSynthesizer: Synthesizer = (source, outFile) => {
  // Text on stdin, so nothing in it is ever read as an option; -b 1: the input is UTF-8.
  const r = spawnSync(
    'espeak-ng',
    ['-v', source.voice, '-s', String(source.speed), '-b', '1', '-w', outFile, '--stdin'],
    { input: source.text, encoding: 'utf8' },
  );
  if (r.error) throw r.error;
  if (r.status !== 0)
    throw new Error(`espeak-ng exited ${r.status} for ${source.key}: ${r.stderr.trim()}`);
};

export interface MakePromptsOptions {
  /** Default: renderer/i18n. */
  textsDir?: string;
  /** Default: assets/audio. */
  audioDir?: string;
  /** Report stale prompts only; make nothing. Default false. */
  check?: boolean;
  /** Make every prompt again. Default false. */
  force?: boolean;
  /** Default: espeak-ng. */
  synthesize?: Synthesizer;
  /** Whether the synthesizer can run; default: espeak-ng is installed. */
  engine?: () => string | null;
  /** Under CI a missing engine is an error, not a warning. Default: CI=true in the environment. */
  ci?: boolean;
  log?: (line: string) => void;
}

export type MakePromptsResult =
  | { ok: true; made: string[]; removed: string[]; kept: number }
  | { ok: false; stale: string[]; reason: 'stale' | 'no engine' };

function readIfExists(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

export function makePrompts(options: MakePromptsOptions = {}): MakePromptsResult {
  const audioDir = options.audioDir ?? DEFAULT_AUDIO_DIR;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const manifestPath = join(audioDir, MANIFEST_FILE);
  const manifest = parseManifest(readIfExists(manifestPath));
  const sources = promptSources(loadTexts(options.textsDir));
  const audioHashOf = (file: string) => {
    const path = join(audioDir, file);
    return existsSync(path) ? sha256(readFileSync(path)) : null;
  };
  const plan = planPrompts(sources, manifest, audioHashOf, options.force);
  const stale = [
    ...plan.make.map(({ source, why }) => `${source.key} (${why})`),
    ...plan.remove.map((entry) => `${entry.file} (no longer a prompt)`),
  ];

  if (options.check) {
    if (stale.length === 0) return { ok: true, made: [], removed: [], kept: plan.keep.length };
    return { ok: false, stale, reason: 'stale' };
  }

  let engine = manifest?.engine ?? '';
  if (plan.make.length > 0) {
    const version = (options.engine ?? espeakVersion)();
    if (version === null) {
      const ci = options.ci ?? process.env.CI === 'true';
      log(
        `${ci ? 'ERROR' : 'warning'}: espeak-ng is not installed, so ${plan.make.length} spoken prompt(s) ` +
          `cannot be made (Debian: apt-get install espeak-ng).` +
          (ci
            ? ' CI=true: the kiosk must ship with its prompts.'
            : ' The kiosk will show text only.'),
      );
      if (ci) return { ok: false, stale, reason: 'no engine' };
      return { ok: true, made: [], removed: [], kept: plan.keep.length };
    }
    engine = version;
  }

  const synthesize = options.synthesize ?? espeakSynthesizer;
  const entries: Record<string, ManifestEntry> = {};
  for (const source of plan.keep) entries[source.key] = manifest!.prompts[source.key]!;
  for (const { source } of plan.make) {
    const target = join(audioDir, source.file);
    mkdirSync(dirname(target), { recursive: true });
    // Made beside the target and renamed, so a run cut short never leaves half a WAV under the
    // real name (and the old manifest entry then no longer matches, so the next run remakes it).
    const temporary = `${target}.tmp-${process.pid}`;
    try {
      synthesize(source, temporary);
      renameSync(temporary, target);
    } finally {
      rmSync(temporary, { force: true });
    }
    const { key, file, voice, speed, text, textHash } = source;
    entries[key] = { file, voice, speed, text, textHash, audioHash: sha256(readFileSync(target)) };
  }
  for (const entry of plan.remove) rmSync(join(audioDir, entry.file), { force: true });

  const changed = plan.make.length > 0 || plan.remove.length > 0 || manifest === null;
  if (changed) {
    const next: PromptManifest = { format: MANIFEST_FORMAT, engine, prompts: entries };
    mkdirSync(audioDir, { recursive: true });
    const temporary = `${manifestPath}.tmp-${process.pid}`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`);
    renameSync(temporary, manifestPath);
  }
  return {
    ok: true,
    made: plan.make.map(({ source }) => source.key),
    removed: plan.remove.map((entry) => entry.file),
    kept: plan.keep.length,
  };
}

function main(): number {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const unknown = args.filter((a) => !['--check', '--force'].includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`make-prompts: unknown option ${unknown.join(' ')}\n\n${HELP}\n`);
    return 2;
  }
  const check = args.includes('--check');
  const started = Date.now();
  const result = makePrompts({ check, force: args.includes('--force') });
  const where = relative(process.cwd(), DEFAULT_AUDIO_DIR) || '.';
  if (!result.ok) {
    if (result.reason === 'stale') {
      process.stderr.write(
        `spoken prompts are stale in ${where} (run: npm run prompts):\n  ${result.stale.join('\n  ')}\n`,
      );
    }
    return 1;
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    check
      ? `spoken prompts: all ${result.kept} up to date in ${where}\n`
      : `spoken prompts: ${result.made.length} made, ${result.kept} up to date` +
          `${result.removed.length ? `, ${result.removed.length} removed` : ''} in ${where} (${secs}s)\n`,
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main();
