// The MySQL schema: scheduling, identities and everything that must be strongly consistent.
export * from './billing.js';
export * from './locations.js';
export * from './notifications.js';
export * from './people.js';
export * from './pharmacy.js';
export * from './prescriptions.js';
export * from './record.js';
export * from './schedules.js';
export * from './scheduling.js';
export * from './users.js';
