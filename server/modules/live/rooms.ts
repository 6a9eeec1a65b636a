// Socket.IO room names, in one place.
export const rooms = {
  board: (locationId: string) => `board:${locationId}`,
  queue: (doctorId: string) => `queue:${doctorId}`,
  availability: (doctorId: string) => `availability:${doctorId}`,
  user: (userId: string) => `user:${userId}`,
  display: (displayId: string) => `display:${displayId}`,
};
