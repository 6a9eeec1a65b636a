// The demo clinic loaded by `npm run db:seed`: 2 locations, 6 doctors, 40 patients, staff logins.
// Everything is fixed data (no randomness) so a second run finds what the first one wrote.
// All addresses use the reserved .example domain and 555 numbers: none of this is a real person.

export const DEMO_PASSWORD = 'clinic-demo-2026';

export const LOCATIONS = [
  {
    key: 'downtown',
    name: 'Downtown Health Centre',
    address: '120 Market Street, Springfield',
    phone: '+1 555 010 1000',
    timezone: 'America/New_York',
    currency: 'USD',
    // A US clinic: vitals are read and typed in °F, lb and in (stored in °C, kg and cm).
    units: 'us',
  },
  {
    key: 'riverside',
    name: 'Riverside Family Practice',
    address: '8 River Road, Springfield',
    phone: '+1 555 010 2000',
    timezone: 'America/New_York',
    currency: 'USD',
    // A US clinic: vitals are read and typed in °F, lb and in (stored in °C, kg and cm).
    units: 'us',
  },
] as const;

/** Staff logins; pharmacists and nurses work at the locations listed (they do nothing elsewhere). */
export const STAFF = [
  { email: 'admin@clinic.example', role: 'admin', firstName: 'Alex', lastName: 'Morgan', locations: [] },
  { email: 'reception.downtown@clinic.example', role: 'receptionist', firstName: 'Rita', lastName: 'Owens', locations: [] },
  { email: 'reception.riverside@clinic.example', role: 'receptionist', firstName: 'Sam', lastName: 'Patel', locations: [] },
  { email: 'pharmacy@clinic.example', role: 'pharmacist', firstName: 'Priya', lastName: 'Nair', locations: ['downtown', 'riverside'] },
  { email: 'nurse.downtown@clinic.example', role: 'nurse', firstName: 'Nora', lastName: 'Quinn', locations: ['downtown'] },
  { email: 'nurse.riverside@clinic.example', role: 'nurse', firstName: 'Omar', lastName: 'Haddad', locations: ['riverside'] },
] as const;

/**
 * A chart for the first portal patients (by index in demoPatients): problems and a few sets of
 * vitals a week apart, so the doctor's chart and the portal have something to plot.
 */
export const DEMO_CHARTS = [
  {
    patient: 0,
    conditions: [{ code: 'I10', description: 'Essential hypertension', status: 'active', onset: '2019-03-01' }],
    vitals: [
      { systolic: 148, diastolic: 94, heartRate: 82, weightKg: 88.4 },
      { systolic: 142, diastolic: 90, heartRate: 78, weightKg: 87.9 },
      { systolic: 136, diastolic: 86, heartRate: 76, weightKg: 87.1 },
      { systolic: 131, diastolic: 84, heartRate: 74, weightKg: 86.6 },
    ],
  },
  {
    patient: 1,
    conditions: [{ code: 'J45.909', description: 'Asthma', status: 'active', onset: '2008-09-01' }],
    vitals: [
      { temperatureC: 37.9, heartRate: 96, spo2: 95, respiratoryRate: 20 },
      { temperatureC: 37.1, heartRate: 84, spo2: 97, respiratoryRate: 16 },
    ],
  },
] as const;

export const DOCTORS = [
  {
    firstName: 'Ana',
    lastName: 'Costa',
    specialization: 'General Practice',
    licenseNumber: 'MD-100201',
    location: 'downtown',
    room: '101',
    minutes: 15,
  },
  {
    firstName: 'Ben',
    lastName: 'Okafor',
    specialization: 'Pediatrics',
    licenseNumber: 'MD-100202',
    location: 'downtown',
    room: '102',
    minutes: 20,
  },
  {
    firstName: 'Chloe',
    lastName: 'Nguyen',
    specialization: 'Cardiology',
    licenseNumber: 'MD-100203',
    location: 'downtown',
    room: '201',
    minutes: 30,
  },
  {
    firstName: 'David',
    lastName: 'Schmidt',
    specialization: 'General Practice',
    licenseNumber: 'MD-100204',
    location: 'riverside',
    room: 'A',
    minutes: 15,
  },
  {
    firstName: 'Elena',
    lastName: 'Rossi',
    specialization: 'Dermatology',
    licenseNumber: 'MD-100205',
    location: 'riverside',
    room: 'B',
    minutes: 20,
  },
  {
    firstName: 'Farid',
    lastName: 'Haddad',
    specialization: 'Orthopedics',
    licenseNumber: 'MD-100206',
    location: 'riverside',
    room: 'C',
    minutes: 30,
  },
] as const;

const FIRST = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Mateo',
  'Sophia',
  'Lucas',
  'Mia',
  'Ethan',
  'Amara',
  'Kenji',
  'Zoe',
  'Omar',
  'Lena',
  'Diego',
  'Priya',
  'Jonas',
  'Fatima',
  'Leo',
];
const LAST = [
  'Johnson',
  'Garcia',
  'Kim',
  'Novak',
  'Silva',
  'Brown',
  'Müller',
  'Dubois',
  'Ahmed',
  'Rossi',
  'Tanaka',
  'Walker',
  "O'Brien",
  'Kowalski',
  'Santos',
  'Meyer',
  'Lopez',
  'Chen',
  'Andersen',
  'Ivanova',
];
const BLOOD = ['O+', 'A+', 'B+', 'O-', 'A-', 'AB+', 'B-', 'AB-'] as const;
const ALLERGIES = [[], ['Penicillin'], [], ['Peanuts'], [], ['Latex', 'Ibuprofen'], [], ['Pollen']];
const GENDERS = ['female', 'male', 'female', 'male', 'other'] as const;
const LANGUAGES = ['en', 'en', 'es', 'en', 'de', 'en', 'fr', 'en'];

export interface DemoPatient {
  firstName: string;
  lastName: string;
  email: string;
  dateOfBirth: string;
  gender: (typeof GENDERS)[number];
  phone: string;
  address: { line: string; city: string; postalCode: string; country: string };
  emergencyContact: { name: string; phone: string; relation: string };
  bloodType: (typeof BLOOD)[number];
  allergies: string[];
  preferredLanguage: string;
  timezone: string;
  /** The first ten patients can log in to the portal with DEMO_PASSWORD. */
  canLogIn: boolean;
}

export function demoPatients(count = 40): DemoPatient[] {
  return Array.from({ length: count }, (_, i) => {
    const firstName = FIRST[i % FIRST.length]!;
    const lastName = LAST[(i * 7) % LAST.length]!;
    const n = String(i + 1).padStart(2, '0');
    const year = 1945 + ((i * 13) % 70);
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String(((i * 5) % 28) + 1).padStart(2, '0');
    return {
      firstName,
      lastName,
      email: `patient${n}@mail.example`,
      dateOfBirth: `${year}-${month}-${day}`,
      gender: GENDERS[i % GENDERS.length]!,
      phone: `+1 212 555 ${String(100 + i).padStart(4, '0')}`,
      address: { line: `${10 + i} Elm Street`, city: 'Springfield', postalCode: `0${1100 + i}`, country: 'US' },
      emergencyContact: {
        name: `${FIRST[(i + 3) % FIRST.length]} ${lastName}`,
        phone: `+1 646 555 ${String(100 + i).padStart(4, '0')}`,
        relation: i % 2 ? 'spouse' : 'parent',
      },
      bloodType: BLOOD[i % BLOOD.length]!,
      allergies: ALLERGIES[i % ALLERGIES.length]!,
      preferredLanguage: LANGUAGES[i % LANGUAGES.length]!,
      timezone: 'America/New_York',
      canLogIn: i < 10,
    };
  });
}

/** Prices in cents of the locations' currency (USD): what a completed visit's invoice bills. */
export const APPOINTMENT_TYPES = [
  { key: 'first-visit', name: 'First visit', durationMinutes: 30, priceMinor: 12_000 },
  { key: 'follow-up', name: 'Follow-up', durationMinutes: 15, priceMinor: 7_500 },
  { key: 'check-up', name: 'Annual check-up', durationMinutes: 45, priceMinor: 15_000 },
] as const;

/** Weekly hours of every demo doctor: Monday to Friday 09:00–17:00 local time. */
export const WEEKDAY_HOURS = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: '09:00',
  end: '17:00',
  breaks: [{ start: '12:30', end: '13:30' }],
}));
