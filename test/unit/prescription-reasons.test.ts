import { describe, expect, it } from 'vitest';
import {
  PATIENT_MESSAGES,
  REASON_CODES,
  isReasonCode,
  patientMessage,
} from '../../main/prescriptions/reasons';

describe('reason codes', () => {
  it('has the 22 codes of prescription-token.md §4a, each with a plain sentence', () => {
    expect(REASON_CODES).toHaveLength(22);
    for (const code of REASON_CODES) {
      const sentence = patientMessage(code);
      expect(sentence).toMatch(/^[A-Z].*\.$/);
      // Patient words, not the technical code.
      expect(sentence).not.toContain('_');
      expect(sentence.toLowerCase()).not.toMatch(/signature|jws|kid|token|issuer/);
    }
    expect(Object.keys(PATIENT_MESSAGES).sort()).toEqual([...REASON_CODES].sort());
  });

  it('tells the patient what to do next', () => {
    for (const code of REASON_CODES) {
      expect(patientMessage(code)).toMatch(/Please /);
    }
  });

  it('recognises codes', () => {
    expect(isReasonCode('expired')).toBe(true);
    expect(isReasonCode('nope')).toBe(false);
  });
});
