import { describe, expect, it } from 'vitest';
import { LANGUAGES, type TechnicianView } from '../../contracts/bridge';
import type { ScannerToolView } from '../../contracts/technician/scanner';
import type { TrafficToolView } from '../../contracts/technician/traffic';
import { createI18n } from '../../renderer/i18n';
import { ScannerPanel } from '../../renderer/technician/tools/scanner/ScannerPanel';
import { TrafficPanel } from '../../renderer/technician/tools/traffic/TrafficPanel';
import { gs1Breakdown } from '../../main/technician/tools/scanner/gs1-breakdown';
import {
  renderTechnicianPanel,
  technicianPanelView as technicianView,
  textOf as text,
} from '../fixtures/renderer/render-technician-panel';

/**
 * The traffic and scanner panels as pure views of their snapshot, in every language: every text
 * resolves, and each status is said in words beside its icon (never by colour alone).
 */

const render = (
  panel: typeof TrafficPanel | typeof ScannerPanel,
  view: TechnicianView,
  language: string,
) => renderTechnicianPanel(panel, view, language).html;

const traffic: TrafficToolView = {
  devices: ['dispenser', 'scanner'],
  device: 'dispenser',
  watching: true,
  paused: true,
  frames: [
    { id: 1, at: 0, dir: 'rx', hex: 'fa fb 41 00 40', summary: 'POLL', error: null },
    { id: 2, at: 1, dir: 'tx', hex: null, summary: 'ACK', error: null },
    { id: 3, at: 2, dir: 'rx', hex: 'fa 01', summary: 'undecodable', error: 'TRUNCATED' },
  ],
  counters: { good: 12, bad: 1, sent: 11, timeouts: 2, reconnects: 3 },
};

const GTIN = '09506000134352';
const scanner: ScannerToolView = {
  scans: [
    {
      id: 2,
      at: 0,
      aim: ']d2',
      symbology: 'GS1 DataMatrix',
      kind: 'gs1',
      length: 30,
      text: 'x',
      gs1: gs1Breakdown(']d2', `01${GTIN.slice(0, -1)}917260230` + '10L1', '2026-03-10'),
    },
    {
      id: 1,
      at: 0,
      aim: ']Q1',
      symbology: 'QR Code',
      kind: 'prescription',
      length: 2300,
      text: null,
      gs1: null,
    },
    {
      id: 3,
      at: 0,
      aim: ']d2',
      symbology: 'GS1 DataMatrix',
      kind: 'gs1',
      length: 30,
      text: 'y',
      gs1: { fields: [], error: { code: 'unknown_ai', offset: 16 } },
    },
  ],
};

describe('traffic and scanner panels', () => {
  it.each(LANGUAGES)(
    '%s: the traffic panel resolves every text and says each status',
    (language) => {
      const html = render(TrafficPanel, technicianView({ active: 'traffic', traffic }), language);
      expect(html).not.toContain('technician.tools.traffic');
      expect(html).toContain('data-frame-id="3"');
      expect(html).toContain('data-state="paused"');
      expect(html).toContain('data-action="tech-traffic-resume"');
      const i18n = createI18n(language);
      const words = text(html);
      expect(words).toContain(i18n.t('technician.tools.traffic.bad', { code: 'TRUNCATED' }));
      expect(words).toContain(i18n.t('technician.tools.traffic.dir.tx'));
      expect(words).toContain(i18n.t('technician.tools.traffic.noHex'));
    },
  );

  it('the scanner note appears only on the scanner', () => {
    const onScanner = render(
      TrafficPanel,
      technicianView({ active: 'traffic', traffic: { ...traffic, device: 'scanner' } }),
      'en',
    );
    expect(onScanner).toContain('data-note="redacted"');
    expect(render(TrafficPanel, technicianView({ traffic }), 'en')).not.toContain('data-note');
  });

  it.each(LANGUAGES)('%s: the scanner panel says each check in words', (language) => {
    const html = render(ScannerPanel, technicianView({ active: 'scanner', scanner }), language);
    expect(html).not.toContain('technician.tools.scanner');
    const i18n = createI18n(language);
    const words = text(html);
    expect(html).toContain('data-check="invalid"');
    expect(words).toContain(i18n.t('technician.tools.scanner.check.invalid', { digit: 2 }));
    expect(words).toContain(i18n.t('technician.tools.scanner.expiry.badDay'));
    expect(words).toContain(i18n.t('technician.tools.scanner.hidden.prescription'));
    expect(html).toContain('data-gs1-error="unknown_ai"');
    expect(words).toContain(i18n.t('technician.tools.scanner.errors.unknown_ai'));
  });
});
