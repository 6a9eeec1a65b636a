import { describe, expect, it } from 'vitest';
import { smsLengthText, smsParts } from './template-words';

describe('a text message’s parts', () => {
  it('holds 160 plain characters in one part and 153 in each of several', () => {
    expect(smsParts('a'.repeat(160))).toBe(1);
    expect(smsParts('a'.repeat(161))).toBe(2);
    expect(smsParts('a'.repeat(306))).toBe(2);
    expect(smsParts('a'.repeat(307))).toBe(3);
  });
  it('holds 70 characters a part once one is outside the plain set', () => {
    expect(smsParts(`${'a'.repeat(69)}✓`)).toBe(1);
    expect(smsParts(`${'a'.repeat(70)}✓`)).toBe(2);
  });
  it('says the sample’s length in words', () => {
    expect(smsLengthText('Hello')).toBe('The sample is 5 characters: one text message.');
    expect(smsLengthText('a'.repeat(200))).toBe('The sample is 200 characters: 2 text messages joined.');
  });
});
