// What the admin pages read, each list whole: a clinic has tens of staff and doctors, so the pages
// read every page of a list once and sort and filter it in the browser.
import { api } from '../../lib/api';
import type {
  AppointmentTypeList,
  Doctor,
  DoctorList,
  LocationList,
  Login,
  LoginList,
  Role,
  ScreenList,
  StaffRole,
} from '../../lib/contract';

/** The roles of the logins made on the staff page. */
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'receptionist', 'nurse', 'pharmacist'];
/** The roles the staff page lists: doctors' logins too (made on the doctors' page, signed in like anyone's). */
export const LOGIN_ROLES: readonly Exclude<Role, 'patient'>[] = ['admin', 'receptionist', 'doctor', 'nurse', 'pharmacist'];

/** Pages through a list of at most 100 a page until `total`, or until a page comes back short. */
async function everyPage<T>(read: (offset: number) => Promise<{ items: T[]; total?: number }>): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; offset < 5_000; offset += 100) {
    const page = await read(offset);
    all.push(...page.items);
    if (page.items.length < 100 || (page.total !== undefined && all.length >= page.total)) break;
  }
  return all;
}

export const loadLocations = async () => (await api<LocationList>('GET', '/api/locations')).locations;

/** Deactivated locations too (admins only): the locations page reopens them. */
export const loadAllLocations = async () => (await api<LocationList>('GET', '/api/locations?includeInactive=true')).locations;

/** Active doctors, every location, by name. */
export const loadDoctors = () => doctorsOf('');

/** Deactivated doctors too (admins only): the doctors' page shows them marked and brings them back. */
export const loadAllDoctors = () => doctorsOf('&includeInactive=true');

async function doctorsOf(extra: string): Promise<Doctor[]> {
  const doctors = await everyPage(async (offset) => ({
    items: (await api<DoctorList>('GET', `/api/doctors?limit=100&offset=${offset}${extra}`)).doctors,
  }));
  return doctors.sort((a, b) => `${a.lastName} ${a.firstName}`.localeCompare(`${b.lastName} ${b.firstName}`));
}

/** Every staff login (not doctors, not patients), by name. */
export const loadStaff = () => loginsOf(STAFF_ROLES);

/** Every login but patients', doctors' too, by name (deactivated ones among them, marked `active: false`). */
export const loadLogins = () => loginsOf(LOGIN_ROLES);

async function loginsOf(roles: readonly Role[]): Promise<Login[]> {
  const lists = await Promise.all(
    roles.map((role) =>
      everyPage(async (offset) => {
        const page = await api<LoginList>('GET', `/api/users?role=${role}&limit=100&offset=${offset}`);
        return { items: page.users, total: page.total };
      }),
    ),
  );
  return lists.flat().sort((a, b) => `${a.lastName} ${a.firstName}`.localeCompare(`${b.lastName} ${b.firstName}`));
}

export const loadScreens = async () => (await api<ScreenList>('GET', '/api/displays')).displays;

export const loadTypes = async () => (await api<AppointmentTypeList>('GET', '/api/appointment-types')).types;

/** Retired types too (admins only): the types page offers them again. */
export const loadAllTypes = async () => (await api<AppointmentTypeList>('GET', '/api/appointment-types?includeInactive=true')).types;

export { useLatest } from '../reception/use-latest';
