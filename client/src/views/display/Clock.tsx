// The clinic's wall clock: hours and minutes in the location's time zone, the date under it.
// A wall screen has no reader: it speaks the location's language (lib/datetime.ts, wallClock).
import { useEffect, useState } from 'react';
import { wallClock } from '../../lib/datetime';

function format(now: Date, timeZone: string, lang: string) {
  try {
    return wallClock(now, timeZone, lang);
  } catch {
    return wallClock(now, 'UTC', lang); // an unknown zone: still a clock
  }
}

export function Clock({ timeZone, lang }: { timeZone: string; lang: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    // Ticks on the minute (zones are whole minutes apart), so the minute never shows late.
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(new Date());
      timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 20);
    };
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 20);
    return () => clearTimeout(timer);
  }, []);
  const { time, date } = format(now, timeZone, lang);
  return (
    <div className="d-clock">
      <time className="d-time" dateTime={now.toISOString()}>
        {time}
      </time>
      <span className="d-date">{date}</span>
    </div>
  );
}
