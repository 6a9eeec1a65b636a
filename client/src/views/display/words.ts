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
  minutes: (n: number) => string;
  late: (n: number) => string;
  onTime: string;
  more: (n: number) => string;
  reconnecting: string;
  connecting: string;
  speech: (ticket: string, room: string) => string;
}

const en: Words = {
  nowCalling: 'Now calling',
  lastCalls: 'Last calls',
  noCalls: 'No calls yet today',
  waiting: 'Waiting',
  nowServing: 'Now serving',
  nobodyWaiting: 'Nobody waiting',
  room: 'Room',
  minutes: (n) => `${n} min`,
  late: (n) => `Running ${n} min late`,
  onTime: 'On time',
  more: (n) => `+${n} more`,
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
    minutes: (n) => `${n} Min.`,
    late: (n) => `${n} Min. Verspätung`,
    onTime: 'Pünktlich',
    more: (n) => `+${n} weitere`,
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
    minutes: (n) => `${n} min`,
    late: (n) => `${n} min de retard`,
    onTime: 'À l’heure',
    more: (n) => `+${n} autres`,
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
    minutes: (n) => `${n} min`,
    late: (n) => `${n} min de retraso`,
    onTime: 'Puntual',
    more: (n) => `+${n} más`,
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
    minutes: (n) => `${n} min`,
    late: (n) => `${n} min de atraso`,
    onTime: 'No horário',
    more: (n) => `+${n} mais`,
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
    minutes: (n) => `${n} min`,
    late: (n) => `${n} min di ritardo`,
    onTime: 'In orario',
    more: (n) => `+${n} altri`,
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
    minutes: (n) => `${n} min`,
    late: (n) => `${n} min vertraging`,
    onTime: 'Op tijd',
    more: (n) => `+${n} meer`,
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
