import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
import { DEMO_PATIENT } from '../../../main/prescriptions/demo-prescription';
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

export class KioskHarness {
  readonly dataDir: string;
  readonly runDir: string;
  readonly root: string;
  demo!: DemoFiles;
  sim!: SimHostProcess;
  kiosk!: KioskProcess;
  browser!: Browser;
  page!: Page;
  private kioskStderr = '';

  private constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'opendispense-e2e-'));
    this.dataDir = join(this.root, 'kiosk');
    this.runDir = join(this.root, 'run');
  }

  static async start(): Promise<KioskHarness> {
    const h = new KioskHarness();
    h.demo = await prepareDemo({ dataDir: h.dataDir, demoDir: join(h.root, 'demo') });
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
    const toPage = new Set<(message: string) => void>();
    await this.page.routeWebSocket(
      (url) => url.pathname === WEB_BRIDGE_PATH,
      (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => server.send(message));
        const deliver = (message: string) => ws.send(message);
        toPage.add(deliver);
        server.onMessage((raw) => {
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

  /**
   * Replaces the page with one in a browser context of its own (same viewport), which
   * @axe-core/playwright needs: it finishes each analysis in a blank page of the same context.
   */
  async openPageInOwnContext(): Promise<void> {
    const context = await this.browser.newContext({
      viewport: { width: 1080, height: 1920 },
      deviceScaleFactor: 0.5,
    });
    await this.page.close();
    this.page = await context.newPage();
    await this.page.goto(this.kiosk.url);
    await this.waitForScreen('attract');
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
}
