// The clinic's wall clock: hours and minutes in the location's time zone, the date under it.
import { useEffect, useState } from 'react';

function format(now: Date, timeZone: string, lang: string) {
  const make = (locale: string) => ({
    time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(now),
    date: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(now),
  });
  try {
    return make(lang);
  } catch {
    return make('en-GB'); // an unknown language tag or zone: still a clock
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
