// The screen's few words, in the location's language when there is a table for it (English
// otherwise). The spoken announcement uses the same table, so screen and voice agree.
export interface Words {
  nowCalling: string;
  lastCalls: string;
  noCalls: string;
  waiting: string;
  nowServing: string;
  nobodyWaiting: string;
  room: string;
  /** A wait: "25 min", "1 h 55 min" (never a bare minute count past an hour). */
  minutes: (n: number) => string;
  /** The first in line whose wait is over: their turn comes next. */
  next: string;
  /** Anyone else whose estimate has run down to nothing. */
  anyMoment: string;
  late: (n: number) => string;
  onTime: string;
  /** Nobody has been called yet (the calm state of the "now calling" panel). */
  nobodyCalled: string;
  /** Which page of a long queue is showing. */
  page: (n: number, of: number) => string;
  /** The notice while the browser keeps the chime silent until someone taps the screen. */
  soundOff: string;
  reconnecting: string;
  connecting: string;
  speech: (ticket: string, room: string) => string;
}

/** "45 min", "1 h 55 min", "2 h": hours once a wait passes an hour, so it reads at a glance. */
function wait(hour: string, minute: string): (n: number) => string {
  return (n) => {
    const total = Math.max(0, Math.round(n));
    if (total < 60) return `${total} ${minute}`;
    const h = Math.floor(total / 60);
    const m = total % 60;
    return m === 0 ? `${h} ${hour}` : `${h} ${hour} ${m} ${minute}`;
  };
}

const en: Words = {
  nowCalling: 'Now calling',
  lastCalls: 'Last calls',
  noCalls: 'No calls yet today',
  waiting: 'Waiting',
  nowServing: 'Now serving',
  nobodyWaiting: 'Nobody waiting',
  room: 'Room',
  minutes: wait('h', 'min'),
  next: 'Next',
  anyMoment: 'Any moment',
  late: (n) => `Running ${n} min late`,
  onTime: 'On time',
  nobodyCalled: 'Nobody yet',
  page: (n, of) => `Page ${n} of ${of}`,
  soundOff: 'Tap to turn on sound',
  reconnecting: 'Reconnecting…',
  connecting: 'Connecting…',
  speech: (t, r) => `Ticket ${t}, please go to ${r}.`,
};

const TABLES: Record<string, Words> = {
  en,
  de: {
    nowCalling: 'Aufruf',
    lastCalls: 'Letzte Aufrufe',
    noCalls: 'Heute noch keine Aufrufe',
    waiting: 'Wartend',
    nowServing: 'In Behandlung',
    nobodyWaiting: 'Niemand wartet',
    room: 'Raum',
    minutes: wait('Std.', 'Min.'),
    next: 'Als Nächstes',
    anyMoment: 'Gleich',
    late: (n) => `${n} Min. Verspätung`,
    onTime: 'Pünktlich',
    nobodyCalled: 'Noch niemand',
    page: (n, of) => `Seite ${n} von ${of}`,
    soundOff: 'Tippen, um den Ton einzuschalten',
    reconnecting: 'Verbindung wird wiederhergestellt…',
    connecting: 'Verbinde…',
    speech: (t, r) => `Nummer ${t}, bitte in ${r}.`,
  },
  fr: {
    nowCalling: 'Appel en cours',
    lastCalls: 'Derniers appels',
    noCalls: 'Aucun appel aujourd’hui',
    waiting: 'En attente',
    nowServing: 'En consultation',
    nobodyWaiting: 'Personne en attente',
    room: 'Salle',
    minutes: wait('h', 'min'),
    next: 'Prochain',
    anyMoment: 'D’un instant à l’autre',
    late: (n) => `${n} min de retard`,
    onTime: 'À l’heure',
    nobodyCalled: 'Personne pour l’instant',
    page: (n, of) => `Page ${n} sur ${of}`,
    soundOff: 'Touchez pour activer le son',
    reconnecting: 'Reconnexion…',
    connecting: 'Connexion…',
    speech: (t, r) => `Ticket ${t}, veuillez vous rendre en ${r}.`,
  },
  es: {
    nowCalling: 'Llamando',
    lastCalls: 'Últimas llamadas',
    noCalls: 'Aún no hay llamadas hoy',
    waiting: 'En espera',
    nowServing: 'En consulta',
    nobodyWaiting: 'Nadie en espera',
    room: 'Sala',
    minutes: wait('h', 'min'),
    next: 'Siguiente',
    anyMoment: 'En breve',
    late: (n) => `${n} min de retraso`,
    onTime: 'Puntual',
    nobodyCalled: 'Nadie todavía',
    page: (n, of) => `Página ${n} de ${of}`,
    soundOff: 'Toque para activar el sonido',
    reconnecting: 'Reconectando…',
    connecting: 'Conectando…',
    speech: (t, r) => `Turno ${t}, por favor pase a la ${r}.`,
  },
  pt: {
    nowCalling: 'Chamando',
    lastCalls: 'Últimas chamadas',
    noCalls: 'Nenhuma chamada hoje',
    waiting: 'Em espera',
    nowServing: 'Em atendimento',
    nobodyWaiting: 'Ninguém em espera',
    room: 'Sala',
    minutes: wait('h', 'min'),
    next: 'Próximo',
    anyMoment: 'A qualquer momento',
    late: (n) => `${n} min de atraso`,
    onTime: 'No horário',
    nobodyCalled: 'Ninguém ainda',
    page: (n, of) => `Página ${n} de ${of}`,
    soundOff: 'Toque para ativar o som',
    reconnecting: 'Reconectando…',
    connecting: 'Conectando…',
    speech: (t, r) => `Senha ${t}, dirija-se à ${r}.`,
  },
  it: {
    nowCalling: 'Chiamata',
    lastCalls: 'Ultime chiamate',
    noCalls: 'Nessuna chiamata oggi',
    waiting: 'In attesa',
    nowServing: 'In visita',
    nobodyWaiting: 'Nessuno in attesa',
    room: 'Sala',
    minutes: wait('h', 'min'),
    next: 'Prossimo',
    anyMoment: 'A momenti',
    late: (n) => `${n} min di ritardo`,
    onTime: 'In orario',
    nobodyCalled: 'Ancora nessuno',
    page: (n, of) => `Pagina ${n} di ${of}`,
    soundOff: 'Tocca per attivare l’audio',
    reconnecting: 'Riconnessione…',
    connecting: 'Connessione…',
    speech: (t, r) => `Numero ${t}, si prega di recarsi in ${r}.`,
  },
  nl: {
    nowCalling: 'Aan de beurt',
    lastCalls: 'Laatste oproepen',
    noCalls: 'Vandaag nog geen oproepen',
    waiting: 'Wachtend',
    nowServing: 'In behandeling',
    nobodyWaiting: 'Niemand wacht',
    room: 'Kamer',
    minutes: wait('u', 'min'),
    next: 'Volgende',
    anyMoment: 'Zo meteen',
    late: (n) => `${n} min vertraging`,
    onTime: 'Op tijd',
    nobodyCalled: 'Nog niemand',
    page: (n, of) => `Pagina ${n} van ${of}`,
    soundOff: 'Tik om het geluid aan te zetten',
    reconnecting: 'Opnieuw verbinden…',
    connecting: 'Verbinden…',
    speech: (t, r) => `Nummer ${t}, ga naar ${r}.`,
  },
};

/** The table for a BCP 47 language, and the language its words are in (for `lang` and speech). */
export function wordsFor(language: string): { lang: string; words: Words } {
  const primary = language.toLowerCase().split('-')[0] ?? 'en';
  const words = TABLES[primary];
  return words ? { lang: language, words } : { lang: 'en', words: en };
}

/** "Room 3" for a bare number; a room already named ("Consult B") as it is. */
export function roomLabel(room: string, words: Words): string {
  const r = room.trim();
  return /^\d+[A-Za-z]?$/.test(r) ? `${words.room} ${r}` : r;
}

/** A ticket as a voice should say it: "A-007" → "A 7". */
export function spokenTicket(ticket: string): string {
  return ticket.replace(/[-\s]+0*(\d)/g, ' $1');
}

/** A waiting patient's wait as a patient reads it: "25 min", "1 h 55 min", or, once the
 * estimate has run out, "Next" for the first in line and "Any moment" for the others. */
export function waitText(etaMinutes: number, firstInLine: boolean, words: Words): string {
  if (etaMinutes >= 1) return words.minutes(etaMinutes);
  return firstInLine ? words.next : words.anyMoment;
}
