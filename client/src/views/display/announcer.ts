// "Now calling" sound: a two-tone chime (WebAudio oscillators, no audio files), then the
// announcement spoken by the browser (Web Speech). One announcement at a time: a queue waits for
// each utterance's end (or a watchdog, as some engines never fire `end`), so two calls never talk
// over each other. Where audio or speech is missing, blocked or failing, it stays silent.
// Browsers start audio only after a tap or key press on the page (autoplay policy), and forget it
// on every reload: `soundBlocked()` says when that is the case, so the screen can ask for a tap
// (a kiosk started with Chromium's --autoplay-policy=no-user-gesture-required never needs one).
const CHIME_MS = 1_300;
const GAP_MS = 500;
const MAX_QUEUED = 6;

interface Job {
  text: string;
  lang: string;
  done: () => void;
  /** Asked when the job's turn comes: a call undone meanwhile is skipped, not announced. */
  wanted: () => boolean;
}

const queue: Job[] = [];
let running = false;
let context: AudioContext | null = null;

const soundListeners = new Set<() => void>();
const soundChanged = () => {
  for (const listener of soundListeners) listener();
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function audio(): AudioContext | null {
  try {
    if (!context) {
      const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctor) return null;
      context = new Ctor();
      context.addEventListener('statechange', soundChanged);
    }
    if (context.state === 'suspended') context.resume().catch(() => undefined);
    return context;
  } catch {
    return null;
  }
}

/** Call from a user gesture (a click or key press): browsers only start audio after one. */
export function unlockAudio(): void {
  audio();
}

/**
 * True while the browser holds the chime back until someone taps the screen: the audio context
 * is suspended (Chromium creates it suspended without a user gesture, and `resume()` then waits
 * for one). Creates the context on first use. False where there is no Web Audio at all.
 */
export function soundBlocked(): boolean {
  return audio()?.state === 'suspended';
}

/** Calls `listener` whenever the audio context starts, stops or is suspended; returns an unsubscribe. */
export function onSoundChange(listener: () => void): () => void {
  soundListeners.add(listener);
  return () => soundListeners.delete(listener);
}

/** Plays the chime; how long to wait before speaking (0 when no sound could be played). */
function chime(): number {
  const ac = audio();
  if (ac?.state !== 'running') return 0;
  try {
    const t = ac.currentTime + 0.05;
    for (const [frequency, at] of [
      [784, 0],
      [659, 0.5],
    ] as const) {
      const osc = ac.createOscillator();
      const gain = ac.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, t + at);
      gain.gain.exponentialRampToValueAtTime(0.35, t + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + at + 0.75);
      osc.connect(gain).connect(ac.destination);
      osc.start(t + at);
      osc.stop(t + at + 0.8);
    }
    return CHIME_MS;
  } catch {
    return 0;
  }
}

function voiceFor(synth: SpeechSynthesis, lang: string): SpeechSynthesisVoice | null {
  const want = lang.toLowerCase().replace('_', '-');
  const voices = synth.getVoices();
  const norm = (v: SpeechSynthesisVoice) => v.lang.toLowerCase().replace('_', '-');
  return voices.find((v) => norm(v) === want) ?? voices.find((v) => norm(v).split('-')[0] === want.split('-')[0]) ?? null;
}

/** Speaks and resolves when the utterance has ended, failed, or hung past a watchdog. */
function speak(text: string, lang: string): Promise<void> {
  const synth = typeof window.speechSynthesis === 'object' ? window.speechSynthesis : null;
  if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') return Promise.resolve();
  return new Promise<void>((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(watchdog);
      resolve();
    };
    const watchdog = setTimeout(
      () => {
        try {
          synth.cancel();
        } catch {
          // nothing to stop
        }
        finish();
      },
      Math.max(8_000, text.length * 200),
    );
    try {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = lang;
      const voice = voiceFor(synth, lang);
      if (voice) utterance.voice = voice;
      utterance.rate = 0.9;
      utterance.onend = finish;
      utterance.onerror = finish;
      synth.speak(utterance);
    } catch {
      finish();
    }
  });
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (queue.length > 0) {
      const job = queue.shift() as Job;
      if (!job.wanted()) {
        job.done();
        continue;
      }
      try {
        const wait = chime();
        if (wait) await sleep(wait);
        await speak(job.text, job.lang);
      } catch {
        // silent: the banner still shows the call
      }
      job.done();
      if (queue.length > 0) await sleep(GAP_MS);
    }
  } finally {
    running = false;
  }
}

/**
 * Queues a chime and a spoken announcement; resolves once it has been played (or skipped, when
 * `wanted` says no by the time its turn comes).
 */
export function announce(text: string, lang: string, wanted: () => boolean = () => true): Promise<void> {
  return new Promise<void>((done) => {
    queue.push({ text, lang, done, wanted });
    // A backlog (e.g. calls replayed after a reconnect) is cut to the newest few.
    while (queue.length > MAX_QUEUED) queue.shift()?.done();
    void pump();
  });
}
