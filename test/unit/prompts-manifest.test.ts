import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../contracts/bridge';
import { PROMPT_IDS } from '../../renderer/audio/prompts';
import en from '../../renderer/i18n/en.json';
import { parseManifest } from '../../renderer/audio/prompt-manifest';
import {
  DEFAULT_TEXTS_DIR,
  espeakSynthesizer,
  espeakVersion,
  loadTexts,
  makePrompts,
  planPrompts,
  promptSources,
  sha256,
  type PromptSource,
  type Synthesizer,
} from '../../scripts/make-prompts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Writes the words instead of speech: enough to see what was made from what. */
const fakeSynthesizer =
  (log: string[]): Synthesizer =>
  (source, outFile) => {
    log.push(source.key);
    writeFileSync(outFile, `${source.voice}|${source.text}`);
  };

describe('prompt sources', () => {
  const sources = promptSources(loadTexts());

  it('are one per prompt per language, from that language’s texts', () => {
    expect(sources).toHaveLength(LANGUAGES.length * PROMPT_IDS.length);
    const scan = sources.find((s) => s.key === 'en/scan')!;
    expect(scan).toMatchObject({
      file: 'en/scan.wav',
      voice: 'en',
      text: 'Scan your prescription. Hold your prescription QR code under the red light.',
    });
    expect(sources.find((s) => s.key === 'sw/refused-expired')!.text).toBe(
      'Hatuwezi kukupa dawa hii sasa. Cheti hiki cha dawa ni cha zamani sana. Muda wake umeisha. ' +
        'Omba cheti kipya cha dawa kwenye kliniki yako.',
    );
    expect(sources.find((s) => s.key === 'fr/idle')!.voice).toBe('fr');
  });

  it('hash the voice and speed with the words, so a new voice remakes the files', () => {
    const scan = sources.find((s) => s.key === 'en/scan')!;
    expect(scan.textHash).toBe(
      sha256(JSON.stringify({ voice: 'en', speed: scan.speed, text: scan.text })),
    );
    expect(new Set(sources.map((s) => s.textHash)).size).toBeGreaterThan(sources.length / 2);
  });

  it('name a missing text with its language and prompt', () => {
    const texts = loadTexts();
    const broken = { ...texts, fr: { ...(texts.fr as object), idle: {} } };
    expect(() => promptSources(broken)).toThrow(
      /fr\.json, prompt "idle": no text for "idle\.question"/,
    );
  });
});

describe('planning which prompts to make', () => {
  const source = (key: string, text: string): PromptSource => ({
    key,
    language: 'en',
    prompt: 'scan',
    file: `${key}.wav`,
    voice: 'en',
    speed: 140,
    text,
    textHash: sha256(text),
  });
  const entry = (s: PromptSource, audio: string) => ({
    file: s.file,
    voice: s.voice,
    speed: s.speed,
    text: s.text,
    textHash: s.textHash,
    audioHash: sha256(audio),
  });
  const a = source('en/a', 'Hello.');
  const b = source('en/b', 'Goodbye.');
  const manifest = {
    format: 1 as const,
    engine: 'test',
    prompts: {
      'en/a': entry(a, 'A'),
      'en/b': entry(b, 'B'),
      'en/old': entry(source('en/old', 'x'), 'X'),
    },
  };
  const disk: Record<string, string> = { 'en/a.wav': 'A', 'en/b.wav': 'B' };
  const hashOf = (files: Record<string, string>) => (file: string) =>
    file in files ? sha256(files[file]!) : null;
  const why = (plan: ReturnType<typeof planPrompts>) =>
    Object.fromEntries(plan.make.map((m) => [m.source.key, m.why]));

  it('keeps what is up to date and drops what no prompt wants', () => {
    const plan = planPrompts([a, b], manifest, hashOf(disk));
    expect(plan.make).toEqual([]);
    expect(plan.keep.map((s) => s.key)).toEqual(['en/a', 'en/b']);
    expect(plan.remove.map((e) => e.file)).toEqual(['en/old.wav']);
  });

  it('remakes a prompt whose words changed, and only that one', () => {
    const plan = planPrompts([source('en/a', 'Hello again.'), b], manifest, hashOf(disk));
    expect(why(plan)).toEqual({ 'en/a': 'text changed' });
  });

  it('remakes a missing or altered file, a new prompt, everything without a manifest or when forced', () => {
    expect(why(planPrompts([a, b], manifest, hashOf({ 'en/a.wav': 'A' })))).toEqual({
      'en/b': 'file missing',
    });
    expect(why(planPrompts([a, b], manifest, hashOf({ ...disk, 'en/b.wav': 'tampered' })))).toEqual(
      {
        'en/b': 'file changed',
      },
    );
    const c = source('en/c', 'New.');
    expect(why(planPrompts([a, c], manifest, hashOf(disk)))).toEqual({ 'en/c': 'new' });
    expect(why(planPrompts([a, b], null, hashOf(disk)))).toEqual({ 'en/a': 'new', 'en/b': 'new' });
    expect(why(planPrompts([a, b], manifest, hashOf(disk), true))).toEqual({
      'en/a': 'forced',
      'en/b': 'forced',
    });
  });
});

describe('make-prompts on disk', () => {
  let dir: string;
  let textsDir: string;
  let audioDir: string;
  const made: string[] = [];
  const run = (extra: Parameters<typeof makePrompts>[0] = {}) =>
    makePrompts({
      textsDir,
      audioDir,
      synthesize: fakeSynthesizer(made),
      engine: () => 'fake-engine 1.0',
      log: () => {},
      ...extra,
    });
  // Every language has the keys of English (renderer-languages.test.ts), so its shape is en's.
  const editText = (language: string, edit: (texts: typeof en) => void) => {
    const path = join(textsDir, `${language}.json`);
    const texts = JSON.parse(readFileSync(path, 'utf8')) as typeof en;
    edit(texts);
    writeFileSync(path, JSON.stringify(texts));
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prompts-'));
    textsDir = join(dir, 'i18n');
    audioDir = join(dir, 'audio');
    cpSync(DEFAULT_TEXTS_DIR, textsDir, { recursive: true });
    made.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes every prompt once, then nothing until the words change', () => {
    expect(run()).toMatchObject({ ok: true, kept: 0 });
    expect(made).toHaveLength(LANGUAGES.length * PROMPT_IDS.length);
    expect(readFileSync(join(audioDir, 'sw', 'scan.wav'), 'utf8')).toBe(
      'sw|Onyesha cheti chako cha dawa. Weka msimbo wa QR wa cheti chako cha dawa chini ya taa nyekundu.',
    );
    const manifest = parseManifest(readFileSync(join(audioDir, 'manifest.json'), 'utf8'));
    expect(manifest?.engine).toBe('fake-engine 1.0');
    expect(manifest?.prompts['sw/scan']?.audioHash).toBe(
      sha256(readFileSync(join(audioDir, 'sw', 'scan.wav'))),
    );

    made.length = 0;
    expect(run()).toMatchObject({ ok: true, made: [], kept: LANGUAGES.length * PROMPT_IDS.length });
    expect(made).toEqual([]);
    expect(run({ check: true })).toMatchObject({ ok: true });
  });

  it('--check fails when a text changed and its audio is stale, and passes once remade', () => {
    run();
    made.length = 0;
    editText('sw', (t) => (t.screens.scan.title = 'Onyesha karatasi yako ya dawa'));
    const check = run({ check: true });
    expect(check).toEqual({ ok: false, reason: 'stale', stale: ['sw/scan (text changed)'] });
    expect(made).toEqual([]); // --check makes nothing

    expect(run()).toMatchObject({ ok: true, made: ['sw/scan'] });
    expect(made).toEqual(['sw/scan']);
    expect(readFileSync(join(audioDir, 'sw', 'scan.wav'), 'utf8')).toContain(
      'Onyesha karatasi yako ya dawa.',
    );
    expect(run({ check: true })).toMatchObject({ ok: true });
  });

  it('--check also fails for a deleted or replaced file', () => {
    run();
    rmSync(join(audioDir, 'en', 'done.wav'));
    writeFileSync(join(audioDir, 'fr', 'idle.wav'), 'not what was made');
    expect(run({ check: true })).toEqual({
      ok: false,
      reason: 'stale',
      stale: ['en/done (file missing)', 'fr/idle (file changed)'],
    });
  });

  it('a text that is not spoken changes no prompt', () => {
    run();
    editText('es', (t) => (t.devices.links.lost = 'desconectado'));
    expect(run({ check: true })).toMatchObject({ ok: true });
  });

  it('without espeak-ng: warns and leaves things as they are, but fails under CI', () => {
    const lines: string[] = [];
    const missing = { engine: () => null, log: (l: string) => lines.push(l) };
    expect(run({ ...missing, ci: false })).toMatchObject({ ok: true, made: [] });
    expect(existsSync(join(audioDir, 'manifest.json'))).toBe(false);
    expect(lines.join('\n')).toMatch(/warning: espeak-ng is not installed/);

    lines.length = 0;
    const ci = run({ ...missing, ci: true });
    expect(ci).toMatchObject({ ok: false, reason: 'no engine' });
    expect(lines.join('\n')).toMatch(/ERROR: espeak-ng is not installed.*CI=true/);
    expect(made).toEqual([]);
  });

  it('needs no espeak-ng when nothing is stale', () => {
    run();
    expect(run({ engine: () => null, ci: true })).toMatchObject({ ok: true, made: [] });
  });
});

describe('the command line', () => {
  const cli = (...args: string[]) =>
    spawnSync('node', ['--import', 'tsx', 'scripts/make-prompts.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  it('--help explains the options', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: .*make-prompts\.ts \[--check\] \[--force\]/);
    expect(r.stdout).toContain('--check');
  });

  it('refuses an unknown option', () => {
    const r = cli('--frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --frobnicate');
  });
});

describe('espeak-ng', () => {
  const version = espeakVersion();
  // Bootstrap installs espeak-ng; on a machine without it this says why it did not run.
  it.runIf(version !== null || process.env.CI === 'true')(
    'makes a real WAV in each language’s voice',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'espeak-'));
      try {
        for (const source of promptSources(loadTexts()).filter((s) => s.prompt === 'idle')) {
          const out = join(dir, `${source.language}.wav`);
          espeakSynthesizer(source, out);
          const wav = readFileSync(out);
          expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
          expect(wav.subarray(8, 12).toString('latin1')).toBe('WAVE');
          // More than a header: about a second of speech at least.
          expect(wav.length).toBeGreaterThan(20_000);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
