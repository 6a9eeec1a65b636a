// Feedback read back, the same in the portal, the moderation list and the doctor's page: the
// ratings given (stars and "4 of 5", so neither colour nor symbols alone carry it) and the texts.
import type { FeedbackRatings } from '../../lib/contract';
import { DIMENSION_LABEL, ratedDimensions, STAR_WORD } from './words';

export function Ratings({ ratings }: { ratings: FeedbackRatings }) {
  return (
    <dl className="rated">
      {ratedDimensions(ratings).map(({ dimension, value }) => (
        <div key={dimension}>
          <dt>{DIMENSION_LABEL[dimension]}</dt>
          <dd>
            <span className="shown-stars" aria-hidden="true">
              {'★'.repeat(value)}
              {'☆'.repeat(5 - value)}
            </span>{' '}
            {value} of 5<span className="sr-only">: {STAR_WORD[value]}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function Texts({ wentWell, suggestions, comment }: { wentWell: string | null; suggestions: string | null; comment: string | null }) {
  const said = [
    ['What went well', wentWell],
    ['What could be better', suggestions],
    ['Comment', comment],
  ].filter((pair): pair is [string, string] => Boolean(pair[1]));
  if (said.length === 0) return null;
  return (
    <dl className="said-texts">
      {said.map(([label, text]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{text}</dd>
        </div>
      ))}
    </dl>
  );
}
