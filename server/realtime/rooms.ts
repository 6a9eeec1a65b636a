// Socket.IO room names, in one place: every join, emit and disconnect takes its room from here.
export const rooms = {
  board: (locationId: string) => `board:${locationId}`,
  queue: (doctorId: string) => `queue:${doctorId}`,
  availability: (doctorId: string) => `availability:${doctorId}`,
  user: (userId: string) => `user:${userId}`,
  display: (displayId: string) => `display:${displayId}`,
  thread: (threadId: string) => `thread:${threadId}`,
};
