import { describe, expect, it } from 'vitest';
import { followUpReasons, sentimentOf } from './sentiment.js';

describe('sentiment of a comment', () => {
  it('labels words by their AFINN score, negation included', () => {
    expect(sentimentOf('The wait was terrible and the staff were rude')?.label).toBe('negative');
    expect(sentimentOf('Dr Lee was wonderful, thank you')?.label).toBe('positive');
    expect(sentimentOf('I came on Tuesday')?.label).toBe('neutral');
    expect(sentimentOf('not bad at all')?.label).toBe('positive');
  });

  it('has nothing to say without words', () => {
    expect(sentimentOf(null)).toBeNull();
    expect(sentimentOf('   ')).toBeNull();
  });
});

describe('follow-up', () => {
  it('opens for an overall rating of 2 or less, or negative words', () => {
    expect(followUpReasons({ overall: 2 }, null)).toEqual(['low_rating']);
    expect(followUpReasons({ overall: 3 }, null)).toEqual([]);
    expect(followUpReasons({ overall: 4 }, { label: 'negative' })).toEqual(['negative_sentiment']);
    expect(followUpReasons({ overall: 1 }, { label: 'negative' })).toEqual(['low_rating', 'negative_sentiment']);
    expect(followUpReasons({ overall: 5, waitTime: 1 }, { label: 'positive' })).toEqual([]);
  });
});
