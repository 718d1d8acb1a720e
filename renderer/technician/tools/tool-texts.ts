import cabinetEn from './cabinet/i18n/en.json';
import cabinetEs from './cabinet/i18n/es.json';
import cabinetFr from './cabinet/i18n/fr.json';
import cabinetSw from './cabinet/i18n/sw.json';
import dispenserEn from './dispenser/i18n/en.json';
import dispenserEs from './dispenser/i18n/es.json';
import dispenserFr from './dispenser/i18n/fr.json';
import dispenserSw from './dispenser/i18n/sw.json';
import printerEn from './printer/i18n/en.json';
import printerEs from './printer/i18n/es.json';
import printerFr from './printer/i18n/fr.json';
import printerSw from './printer/i18n/sw.json';
import restockEn from './restock/i18n/en.json';
import restockEs from './restock/i18n/es.json';
import restockFr from './restock/i18n/fr.json';
import restockSw from './restock/i18n/sw.json';
import scannerEn from './scanner/i18n/en.json';
import scannerEs from './scanner/i18n/es.json';
import scannerFr from './scanner/i18n/fr.json';
import scannerSw from './scanner/i18n/sw.json';
import trafficEn from './traffic/i18n/en.json';
import trafficEs from './traffic/i18n/es.json';
import trafficFr from './traffic/i18n/fr.json';
import trafficSw from './traffic/i18n/sw.json';
import vitalsEn from './vitals/i18n/en.json';
import vitalsEs from './vitals/i18n/es.json';
import vitalsFr from './vitals/i18n/fr.json';
import vitalsSw from './vitals/i18n/sw.json';

/**
 * The technician tools' text, one JSON file per tool and language (beside each tool's code, so
 * each tool's words stay with it); renderer/i18n merges them under `technician.tools.<tool>`.
 * The key-parity test holds every language to English here too.
 */
export const TOOL_TEXTS_EN = {
  traffic: trafficEn,
  dispenser: dispenserEn,
  scanner: scannerEn,
  vitals: vitalsEn,
  printer: printerEn,
  restock: restockEn,
  cabinet: cabinetEn,
};
export type ToolTexts = typeof TOOL_TEXTS_EN;

export const TOOL_TEXTS = {
  en: TOOL_TEXTS_EN,
  es: {
    traffic: trafficEs,
    dispenser: dispenserEs,
    scanner: scannerEs,
    vitals: vitalsEs,
    printer: printerEs,
    restock: restockEs,
    cabinet: cabinetEs,
  },
  fr: {
    traffic: trafficFr,
    dispenser: dispenserFr,
    scanner: scannerFr,
    vitals: vitalsFr,
    printer: printerFr,
    restock: restockFr,
    cabinet: cabinetFr,
  },
  sw: {
    traffic: trafficSw,
    dispenser: dispenserSw,
    scanner: scannerSw,
    vitals: vitalsSw,
    printer: printerSw,
    restock: restockSw,
    cabinet: cabinetSw,
  },
} satisfies Record<'en' | 'es' | 'fr' | 'sw', Record<keyof ToolTexts, unknown>>;
