import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Screen } from '../../../contracts/bridge';
import { callControl } from '../../../hardware/sim-host/control-server';
import { stopChild } from '../../../scripts/lib/child-process';
import {
  launchKiosk,
  launchSimHost,
  type KioskProcess,
  type SimHostProcess,
} from '../../../scripts/lib/launch';
import { prepareDemo, type DemoFiles } from '../../../main/demo/prepare-demo';
import { DEMO_GTINS } from '../../../main/demo/demo-stock';
import { systemClock } from '../../../contracts/clock';
import { loadOrCreateDeviceKey } from '../../../main/keys';
import { enrollKiosk, type Enrollment } from '../../../main/sync/enroll';
import { DEMO_PATIENT } from '../../../main/prescriptions/demo-prescription';
import { SCAN_DEBOUNCE_MS } from '../../../hardware/scanner/protocol';
import { writeFileSync } from 'node:fs';
import { WEB_BRIDGE_PATH } from '../../../contracts/web-bridge';

/**
 * A page object for the e2e tests (STYLE.md "Tests"): starts the simulators and the kiosk as
 * separate processes exactly as `npm start` does, opens the kiosk in Debian's Chromium, and waits
 * on app milestones (screens, journal events) rather than sleeping.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', // as root Chromium refuses to start with its sandbox
  '--autoplay-policy=no-user-gesture-required', // the kiosk speaks each screen unprompted
  '--disable-gpu',
  '--disable-background-networking', // this machine has no network; background fetches only fail
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface JournalLine {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/** A page the simulated printer printed. */
export interface PrintedPage {
  /** The page's lines as the printer laid them out. */
  text: string[];
  qrCodes: { data: string }[];
}

/** Enroll the kiosk with a running hub instead of preparing the demo (KioskHarness.start). */
export interface EnrollWith {
  hubUrl: string;
  /** A one-time enrollment code the hub made for the kiosk's site. */
  code: string;
  /** Default 'E2E health post kiosk'. */
  kioskName?: string;
  /** Default '+000 555 0199'. */
  pharmacistPhone?: string;
}

export interface KioskHarnessOptions {
  /**
   * An enrolled kiosk: no demo root key, demo lists or sync stamp (those would make it trust a
   * key the hub never signed with). Its data directory gets a device key, a site.json with the
   * ids the hub gave it, the hub's root key and first downloads — enrolled before the kiosk
   * starts, as a technician would — and the cabinet still holds the demo packs (`--demo-stock`).
   */
  enrollWith?: EnrollWith;
  /** Site config members merged into the demo's site.json before the kiosk starts. */
  site?: Record<string, unknown>;
}

export class KioskHarness {
  readonly dataDir: string;
  readonly runDir: string;
  readonly root: string;
  /** The embedded demo's files; not set for an enrolled kiosk (`enrollWith`). */
  demo!: DemoFiles;
  /** What the hub answered at enrollment; null unless started with `enrollWith`. */
  enrollment: Enrollment | null = null;
  sim!: SimHostProcess;
  kiosk!: KioskProcess;
  browser!: Browser;
  page!: Page;
  private kioskStderr = '';
  private lastScan: { text: string; at: number } | null = null;

  private constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'opendispense-e2e-'));
    this.dataDir = join(this.root, 'kiosk');
    this.runDir = join(this.root, 'run');
  }

  static async start(options: KioskHarnessOptions = {}): Promise<KioskHarness> {
    const h = new KioskHarness();
    if (options.enrollWith) h.enrollment = await h.enroll(options.enrollWith);
    else h.demo = await prepareDemo({ dataDir: h.dataDir, demoDir: join(h.root, 'demo') });
    if (options.site) {
      const sitePath = join(h.dataDir, 'site.json');
      const site = JSON.parse(readFileSync(sitePath, 'utf8')) as Record<string, unknown>;
      writeFileSync(sitePath, `${JSON.stringify({ ...site, ...options.site }, null, 2)}\n`);
    }
    h.sim = await launchSimHost(h.runDir, ['--time-scale', '0.5']);
    await h.startKiosk();
    h.browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    await h.openPage();
    return h;
  }

  /** The kiosk's side of enrollment, done before its first start (see KioskHarnessOptions). */
  private async enroll(options: EnrollWith): Promise<Enrollment> {
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    const key = await loadOrCreateDeviceKey(join(this.dataDir, 'keys'));
    if (!key.ok) throw new Error(`device key ${key.error.path}: ${key.error.detail}`);
    const kioskName = options.kioskName ?? 'E2E health post kiosk';
    const enrolled = await enrollKiosk({
      hubUrl: options.hubUrl,
      code: options.code,
      kioskName,
      devicePublicJwk: key.value.publicJwk,
      dataDir: this.dataDir,
      clock: systemClock,
    });
    if (!enrolled.ok) throw new Error(`enrollment: ${enrolled.error.message}`);
    const site = {
      kioskId: enrolled.value.kioskId,
      siteId: enrolled.value.siteId,
      kioskName,
      timeZone: 'UTC',
      pharmacistPhone: options.pharmacistPhone ?? '+000 555 0199',
      // The demo packs' medicine by its ATC code, so counselling finds its text from the GTIN.
      formulary: { C08CA01: [DEMO_GTINS.amlodipine] },
    };
    writeFileSync(join(this.dataDir, 'site.json'), `${JSON.stringify(site, null, 2)}\n`);
    return enrolled.value;
  }

  async startKiosk(): Promise<void> {
    this.kiosk = await launchKiosk(
      { dataDir: this.dataDir, hardwarePath: this.sim.hardwarePath, demoStock: true },
      { env: { KIOSK_TEST_CLOCK: '1' }, onStderr: (t) => (this.kioskStderr += t) },
    );
  }

  async openPage(): Promise<void> {
    this.page = await this.browser.newPage({
      viewport: { width: 1080, height: 1920 },
      deviceScaleFactor: 0.5,
    });
    await this.page.goto(this.kiosk.url);
    await this.waitForScreen('attract');
  }

  /** Kills the kiosk process the hard way (power cut, crash) and starts it again on the same data. */
  async killAndRestartKiosk(): Promise<void> {
    this.kiosk.child.kill('SIGKILL');
    await new Promise((resolve) => this.kiosk.child.once('exit', resolve));
    await this.page.close();
    await this.startKiosk();
    await this.openPage();
  }

  async waitForScreen(screen: Screen, timeoutMs = 30_000): Promise<void> {
    await this.page
      .locator(`[data-screen="${screen}"]`)
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Types a date of birth (YYYY-MM-DD) and PIN on the identify screen's keypad, as a patient would. */
  async identify(
    birthDate: string = DEMO_PATIENT.birthDate,
    pin: string = DEMO_PATIENT.pin,
  ): Promise<void> {
    await this.waitForScreen('identify');
    const [year, month, day] = birthDate.split('-');
    for (const digit of `${day}${month}${year}`)
      await this.page.getByRole('button', { name: digit, exact: true }).click();
    await this.page.getByRole('button', { name: /next/i }).click();
    await this.page.locator('[data-step="pin"]').waitFor();
    for (const digit of pin)
      await this.page.getByRole('button', { name: digit, exact: true }).click();
    await this.page.getByRole('button', { name: /confirm/i }).click();
  }

  async scan(text: string, aim = ']Q1'): Promise<void> {
    // The scanner driver drops the same code read twice within 1 s (a double read, scanner.md
    // §7), so a deliberate rescan of the same paper waits that long, as a person would.
    const since = Date.now() - (this.lastScan?.text === text ? this.lastScan.at : 0);
    if (since < SCAN_DEBOUNCE_MS + 100)
      await new Promise((r) => setTimeout(r, SCAN_DEBOUNCE_MS + 100 - since));
    this.lastScan = { text, at: Date.now() };
    await callControl(
      { url: this.sim.controlUrl, token: this.simToken() },
      'POST',
      '/scanner/scan',
      { text, aim },
    );
  }

  async injectFault(fault: string, slot?: number): Promise<void> {
    await callControl(
      { url: this.sim.controlUrl, token: this.simToken() },
      'POST',
      '/dispenser/fault',
      { fault, ...(slot ? { slot } : {}) },
    );
  }

  /** Any simulator control call (see hardware/sim-host/sim-host.ts for the routes). */
  async simControl(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    return callControl({ url: this.sim.controlUrl, token: this.simToken() }, method, path, body);
  }

  async waitForDeviceLink(device: string, link: string, timeoutMs = 15_000): Promise<void> {
    await this.page
      .locator(`[data-device="${device}"][data-link="${link}"]`)
      .waitFor({ state: 'attached', timeout: timeoutMs });
  }

  /** The kiosk's test control (KIOSK_TEST_CLOCK=1): clock, sync stamp, fill acks, list installs. */
  async kioskControl(path: string, body?: unknown): Promise<unknown> {
    const endpoint = JSON.parse(readFileSync(join(this.dataDir, 'test-control.json'), 'utf8')) as {
      url: string;
      token: string;
    };
    return callControl(endpoint, 'POST', path, body);
  }

  /** Moves the kiosk's clock forward by whole days. */
  async advanceDays(days: number): Promise<void> {
    await this.kioskControl('/test/clock/advance', { ms: Math.round(days * 86_400_000) });
  }

  /** A prescription from scan to the tray, as a patient would. */
  async fill(qrText: string): Promise<void> {
    await this.scan(qrText);
    await this.page
      .locator('[data-screen="identify"], [data-screen="refused"]')
      .first()
      .waitFor({ timeout: 30_000 });
    if ((await this.page.locator('[data-screen="refused"]').count()) > 0) {
      const refused = this.journal()
        .filter((e) => e.type === 'RX_REFUSED')
        .at(-1);
      throw new Error(`the kiosk refused the prescription: ${JSON.stringify(refused?.data)}`);
    }
    await this.identify();
    await this.waitForScreen('confirm');
    // The counselling screen's "I understand", by its action: its words are the patient's.
    await this.page.locator('[data-screen="confirm"] [data-action="confirm"]').click();
    await this.waitForScreen('done', 60_000);
    await this.page.locator('[data-screen="done"] [data-action="finish"]').click();
    await this.waitForScreen('attract');
  }

  /** Scans and expects a refusal; returns the reason the kiosk journaled. */
  async refusedReason(qrText: string): Promise<string> {
    const before = this.journal().length;
    await this.scan(qrText);
    await this.waitForScreen('refused');
    const refused = this.journal()
      .slice(before)
      .find((e) => e.type === 'RX_REFUSED');
    await this.page.getByRole('button', { name: /ok/i }).click();
    await this.waitForScreen('attract');
    return String(refused?.data.reason);
  }

  /** Every page the simulated printer has printed, in order. */
  async printedPages(): Promise<PrintedPage[]> {
    return ((await this.simControl('GET', '/printer/pages')) as { pages: PrintedPage[] }).pages;
  }

  async dispenserState(): Promise<{
    totalMotorRuns: number;
    slots: { slot: number; motorRuns: number; drops: number }[];
  }> {
    const state = (await callControl(
      { url: this.sim.controlUrl, token: this.simToken() },
      'GET',
      '/state',
    )) as {
      dispenser: {
        totalMotorRuns: number;
        slots: { slot: number; motorRuns: number; drops: number }[];
      };
    };
    return state.dispenser;
  }

  /** Every journal event on disk, in order (read straight from the segment files). */
  journal(): JournalLine[] {
    const dir = join(this.dataDir, 'journal');
    return readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as JournalLine);
  }

  async waitForJournal(
    predicate: (events: JournalLine[]) => boolean,
    timeoutMs = 30_000,
  ): Promise<JournalLine[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = this.journal();
      if (predicate(events)) return events;
      if (Date.now() > deadline)
        throw new Error(`journal never matched; last events: ${JSON.stringify(events.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: join('test-results', 'screenshots', `${name}.png`) });
  }

  /** Everything the kiosk wrote to its log (stderr), for checks that nothing secret was logged. */
  get kioskLog(): string {
    return this.kioskStderr;
  }

  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    if (this.kiosk) await stopChild(this.kiosk.child);
    if (this.sim) await stopChild(this.sim.child);
    rmSync(this.root, { recursive: true, force: true });
  }

  private simToken(): string {
    return (
      JSON.parse(readFileSync(join(this.runDir, 'sim-control.json'), 'utf8')) as { token: string }
    ).token;
  }

  // ---- Added for the accessibility and language e2e tests (renderer owner) ----

  /**
   * Puts a gate between the page and the kiosk's bridge socket (Playwright's routeWebSocket) and
   * reloads, so the page connects through it. The gate can freeze the page on a screen that would
   * otherwise flash by (verifying lasts milliseconds) and can edit snapshots on their way. Only
   * what reaches the page changes: main runs on, and held snapshots follow in order on release.
   */
  async gateSnapshots(): Promise<SnapshotGate> {
    let holdAt: Screen | null = null;
    let held: string[] | null = null;
    let edit: ((snapshot: Record<string, unknown>) => void) | null = null;
    let lastFromServer = Date.now();
    const toPage = new Set<(message: string) => void>();
    await this.page.routeWebSocket(
      (url) => url.pathname === WEB_BRIDGE_PATH,
      (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => server.send(message));
        const deliver = (message: string) => ws.send(message);
        toPage.add(deliver);
        server.onMessage((raw) => {
          lastFromServer = Date.now();
          if (typeof raw !== 'string') return ws.send(raw);
          if (held) return void held.push(raw);
          const message = JSON.parse(raw) as { type: string; snapshot?: Record<string, unknown> };
          if (message.type !== 'snapshot' || !message.snapshot) return ws.send(raw);
          edit?.(message.snapshot);
          if (holdAt !== null && message.snapshot.screen === holdAt) {
            holdAt = null;
            held = [];
          }
          ws.send(JSON.stringify(message));
        });
        ws.onClose(() => {
          toPage.delete(deliver);
          server.close();
        });
        server.onClose(() => {
          toPage.delete(deliver);
          ws.close();
        });
      },
    );
    await this.page.reload();
    await this.page.locator('[data-screen], [data-connection]').first().waitFor();
    return {
      holdAt(screen) {
        holdAt = screen;
      },
      release() {
        const pending = held ?? [];
        held = null;
        holdAt = null;
        for (const message of pending) for (const send of toPage) send(message);
      },
      rewrite(next) {
        edit = next;
      },
      async quiet(quietMs = 150) {
        while (Date.now() - lastFromServer < quietMs)
          await new Promise((resolve) => setTimeout(resolve, 10));
      },
    };
  }

  /** Types a date of birth and PIN on the keypad, pressing Next/Confirm by data-action: works in every language. */
  async identifyAnyLanguage(
    birthDate: string = DEMO_PATIENT.birthDate,
    pin: string = DEMO_PATIENT.pin,
  ): Promise<void> {
    await this.waitForScreen('identify');
    const [year, month, day] = birthDate.split('-');
    const keypad = this.page.locator('.keypad');
    for (const digit of `${day}${month}${year}`)
      await keypad.getByRole('button', { name: digit, exact: true }).click();
    await this.page.locator('[data-action="next"]').click();
    await this.page.locator('[data-step="pin"]').waitFor();
    for (const digit of pin) await keypad.getByRole('button', { name: digit, exact: true }).click();
    await this.page.locator('[data-action="confirm"]').click();
  }

  /** Closes Chromium and starts it again with extra flags (e.g. the kiosk's autoplay policy). */
  async relaunchBrowser(extraArgs: string[]): Promise<void> {
    await this.browser.close();
    this.browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      headless: true,
    });
    await this.openPage();
  }

  /**
   * Kills the kiosk, breaks its journal's hash chain (the first event's time no longer matches
   * its hash) and starts it again: it comes up out of service. The page is kept, with its routes,
   * and sent to the new kiosk's URL.
   */
  async restartWithBrokenJournal(): Promise<void> {
    this.kiosk.child.kill('SIGKILL');
    await new Promise((resolve) => this.kiosk.child.once('exit', resolve));
    const dir = join(this.dataDir, 'journal');
    const first = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()[0]!;
    const lines = readFileSync(join(dir, first), 'utf8').split('\n');
    const event = JSON.parse(lines[0]!) as { ts: string | number };
    event.ts = typeof event.ts === 'number' ? event.ts + 1 : `${event.ts} `.trim() + '0';
    lines[0] = JSON.stringify(event);
    writeFileSync(join(dir, first), lines.join('\n'));
    await this.startKiosk();
    await this.page.goto(this.kiosk.url);
    await this.waitForScreen('out_of_service');
  }
}

/** See KioskHarness.gateSnapshots. */
export interface SnapshotGate {
  /** Once a snapshot of `screen` reaches the page, hold every later one until release(). */
  holdAt(screen: Screen): void;
  /** Delivers the held snapshots in order and stops holding. */
  release(): void;
  /** Edits every snapshot on its way to the page from now on (null: stop editing). */
  rewrite(edit: ((snapshot: Record<string, unknown>) => void) | null): void;
  /**
   * Resolves once main has sent nothing for `quietMs` (default 150). Main sends at most one
   * snapshot per 34 ms and merges what changes within that window, so a screen that lasts
   * milliseconds (verifying) reaches the page only if its change starts a window: call this
   * before the scan that leads to it.
   */
  quiet(quietMs?: number): Promise<void>;
}
