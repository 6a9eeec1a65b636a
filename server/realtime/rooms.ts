// Socket.IO room names, in one place: every join, emit and disconnect takes its room from here.
export const rooms = {
  board: (locationId: string) => `board:${locationId}`,
  queue: (doctorId: string) => `queue:${doctorId}`,
  /** A location's dispensing queue (its pharmacists, admins). */
  pharmacy: (locationId: string) => `pharmacy:${locationId}`,
  availability: (doctorId: string) => `availability:${doctorId}`,
  user: (userId: string) => `user:${userId}`,
  /** A patient's chart as the care team has it open (record/live.ts): vitals and "this part changed". */
  chart: (patientId: string) => `chart:${patientId}`,
  /** A location's triage list (its nurses): only "it changed", never who is in it. */
  triage: (locationId: string) => `triage:${locationId}`,
  display: (displayId: string) => `display:${displayId}`,
  thread: (threadId: string) => `thread:${threadId}`,
  /** A person's sockets opened with the access tokens of one session (refresh-token family). */
  family: (familyId: string) => `family:${familyId}`,
};
