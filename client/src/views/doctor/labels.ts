// Words for the states of a visit, as the console shows them.
export const STATUS: Record<string, string> = {
  scheduled: 'Booked',
  confirmed: 'Confirmed',
  checked_in: 'Waiting',
  called: 'Called',
  in_progress: 'In the room',
  completed: 'Done',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

export const statusLabel = (status: string) => STATUS[status] ?? status.replace(/_/g, ' ');

/** An ETA as the queue shows it. */
export const minutes = (n: number) => (n <= 0 ? 'due now' : `about ${n} min`);
