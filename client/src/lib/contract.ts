// The hub's API as the client reads it, in one place. HTTP shapes are derived from the server's
// own response schemas (TypeBox, server/modules/*/schemas.ts: `Static<typeof Schema>`), socket
// shapes from the Socket.IO contract (server/modules/live/events.ts). Views take their types from
// here and derive narrower or enriched ones from these (Pick, &), never keep their own copies.
// Only `import type`: types are erased, so neither the server's code nor typebox reaches the
// bundle. The server's `.js` import specifiers resolve to its .ts files under the client's
// `moduleResolution: "Bundler"` as they do under NodeNext, so no paths or aliases are needed.
// Long file: every API shape the client reads is kept in this one place, by design.
import type { Static } from 'typebox';
import type { AppointmentStatus as AppointmentStatusColumn } from '../../../db/schema/scheduling';
import type {
  DisplayMe as DisplayMeSchema,
  LoginResponse as LoginResponseSchema,
  Me as MeSchema,
  TokenPair as TokenPairSchema,
} from '../../../server/modules/auth/schemas';
import type { RefundAnswer as RefundAnswerSchema } from '../../../server/modules/billing/online-schemas';
import type {
  AddLineBody as AddLineBodySchema,
  CheckoutAnswer as CheckoutAnswerSchema,
  InsuranceClaim as InsuranceClaimSchema,
  InvoiceLine as InvoiceLineSchema,
  InvoiceList as InvoiceListSchema,
  Invoice as InvoiceSchema,
  InvoiceSummary as InvoiceSummarySchema,
  PaymentBody as PaymentBodySchema,
  Payment as PaymentSchema,
  RefundBody as RefundBodySchema,
  Refund as RefundSchema,
  Takings as TakingsSchema,
} from '../../../server/modules/billing/schemas';
import type { Board as BoardSchema } from '../../../server/modules/board/schemas';
import type {
  CreateDisplayBody as CreateDisplayBodySchema,
  CreatedDisplay as CreatedDisplaySchema,
  Display as DisplaySchema,
} from '../../../server/modules/displays/schemas';
import type {
  CreateDoctorBody as CreateDoctorBodySchema,
  Doctor as DoctorSchema,
  ScheduleBody as ScheduleBodySchema,
  Schedule as ScheduleSchema,
  UnavailabilityBody as UnavailabilityBodySchema,
  Unavailability as UnavailabilitySchema,
  UpdateDoctorBody as UpdateDoctorBodySchema,
  UpdateUnavailabilityBody as UpdateUnavailabilityBodySchema,
} from '../../../server/modules/doctors/schemas';
import type {
  DocumentUpdateBody as DocumentUpdateBodySchema,
  DocumentView as DocumentViewSchema,
  UploadFields as UploadFieldsSchema,
} from '../../../server/modules/documents/schemas';
import type {
  Author as AuthorSchema,
  Created as CreatedSchema,
  DoctorRating as DoctorRatingSchema,
  FeedbackBody as FeedbackBodySchema,
  FeedbackEntry as FeedbackEntrySchema,
  FeedbackPage as FeedbackPageSchema,
  LinkVisit as LinkVisitSchema,
  MyFeedbackList as MyFeedbackListSchema,
  MyFeedback as MyFeedbackSchema,
} from '../../../server/modules/feedback/schemas';
import type {
  InboxItem as InboxItemSchema,
  InboxPage as InboxPageSchema,
  ReadAllAnswer as ReadAllAnswerSchema,
} from '../../../server/modules/inbox/schemas';
import type {
  InventoryItem as InventoryItemSchema,
  Lot as LotSchema,
  ReceiveBody as ReceiveBodySchema,
  ReorderItem as ReorderItemSchema,
  StockChange as StockChangeSchema,
  StockMovement as StockMovementSchema,
} from '../../../server/modules/inventory/schemas';
import type {
  BoardPayload,
  ChartPart as ChartPartType,
  ClientToServerEvents,
  MessagePayload,
  MessagingClientEvents,
  MessagingServerEvents,
  NotificationPayload,
  PharmacyQueuePayload,
  QueuePayload,
  ServerToClientEvents,
  VitalsPayload,
} from '../../../server/modules/live/events';
import type {
  CreateLocationBody as CreateLocationBodySchema,
  Location as LocationSchema,
  UpdateLocationBody as UpdateLocationBodySchema,
} from '../../../server/modules/locations/schemas';
import type { Medication as MedicationSchema } from '../../../server/modules/medications/schemas';
import type {
  MessagePage as MessagePageSchema,
  Message as MessageSchema,
  Thread as ThreadSchema,
} from '../../../server/modules/messaging/schemas';
import type { MetricsReport as MetricsReportSchema } from '../../../server/modules/metrics/schemas';
import type { Note as NoteSchema, NoteVersion as NoteVersionSchema, Soap as SoapSchema } from '../../../server/modules/notes/schemas';
import type { Patient as PatientSchema } from '../../../server/modules/patients/schemas';
import type {
  DispenseBody as DispenseBodySchema,
  DispenseHistory as DispenseHistorySchema,
  Dispense as DispenseSchema,
  PharmacyQueue as PharmacyQueueSchema,
} from '../../../server/modules/pharmacy/schemas';
import type {
  PrescriptionBody as PrescriptionBodySchema,
  Prescription as PrescriptionSchema,
  RefillRequest as RefillRequestSchema,
  Verification as VerificationSchema,
} from '../../../server/modules/prescriptions/schemas';
import type {
  AllergyBody as AllergyBodySchema,
  Allergy as AllergySchema,
  ConditionBody as ConditionBodySchema,
  Condition as ConditionSchema,
  HistoryBody as HistoryBodySchema,
  HistoryEntry as HistoryEntrySchema,
  MedicalRecord as MedicalRecordSchema,
  MedicationBody as MedicationBodySchema,
  Medication as RecordMedicationSchema,
} from '../../../server/modules/record/schemas';
import type {
  TriageList as TriageListSchema,
  VitalsBody as VitalsBodySchema,
  VitalsOut as VitalsOutSchema,
} from '../../../server/modules/record/vitals-schemas';
import type {
  AffectedBody as AffectedBodySchema,
  AffectedVisits as AffectedVisitsSchema,
  LocationToday as LocationTodaySchema,
} from '../../../server/modules/scheduling/admin-schemas';
import type {
  AppointmentList as AppointmentListSchema,
  Appointment as AppointmentSchema,
  AppointmentTypeBody as AppointmentTypeBodySchema,
  AppointmentType as AppointmentTypeSchema,
  Availability as AvailabilitySchema,
  Queue as QueueSchema,
  UpdateAppointmentTypeBody as UpdateAppointmentTypeBodySchema,
} from '../../../server/modules/scheduling/schemas';
import type {
  CreateUserBody as CreateUserBodySchema,
  User as LoginSchema,
  PasswordResetBody as PasswordResetBodySchema,
  UpdateUserBody as UpdateUserBodySchema,
  UserLocationsBody as UserLocationsBodySchema,
} from '../../../server/modules/users/schemas';

// Signing in (server/modules/auth/schemas.ts)
/** GET /api/me for a person; `user` of POST /api/auth/login. */
export type User = Static<typeof MeSchema>;
export type Role = User['role'];
export type LoginResponse = Static<typeof LoginResponseSchema>;
/** POST /api/auth/refresh */
export type TokenPair = Static<typeof TokenPairSchema>;
/** GET /api/me with a display token: the screen, its location and how it speaks. */
export type DisplayMe = Static<typeof DisplayMeSchema>;

// The clinic (doctors, locations, patients)
export type Doctor = Static<typeof DoctorSchema>;
export type Location = Static<typeof LocationSchema>;
/** GET /api/locations/:id/metrics: the rolled-up days of a range and its exact totals. */
export type MetricsReport = Static<typeof MetricsReportSchema>;
export type Patient = Static<typeof PatientSchema>;

// Setting the clinic up (the admin console, client/src/views/admin): the routes' bodies and answers.
/** POST /api/locations, PATCH /api/locations/:id (bodies) */
export type LocationInput = Static<typeof CreateLocationBodySchema>;
export type LocationPatch = Static<typeof UpdateLocationBodySchema>;
/** A staff login (GET /api/users, POST /api/users) and the body that creates one. */
export type Login = Static<typeof LoginSchema>;
export type LoginList = { users: Login[]; total: number; limit: number; offset: number };
export type LoginInput = Static<typeof CreateUserBodySchema>;
export type StaffRole = LoginInput['role'];
/** POST /api/doctors, PATCH /api/doctors/:id (bodies) */
export type DoctorInput = Static<typeof CreateDoctorBodySchema>;
export type DoctorPatch = Static<typeof UpdateDoctorBodySchema>;
/** GET and PUT /api/doctors/:id/schedule: the weekly rules, times local to each rule's location. */
export type Schedule = Static<typeof ScheduleSchema>;
export type ScheduleInput = Static<typeof ScheduleBodySchema>;
export type ScheduleRuleInput = ScheduleInput['rules'][number];
/** A doctor's time off (GET /api/doctors/:id/unavailability lists current and future ones). */
export type TimeOff = Static<typeof UnavailabilitySchema>;
export type TimeOffList = { unavailability: TimeOff[] };
export type TimeOffInput = Static<typeof UnavailabilityBodySchema>;
/** GET, POST, PATCH /api/appointment-types */
export type AppointmentType = Static<typeof AppointmentTypeSchema>;
export type AppointmentTypeList = { types: AppointmentType[] };
export type AppointmentTypeInput = Static<typeof AppointmentTypeBodySchema>;
export type AppointmentTypePatch = Static<typeof UpdateAppointmentTypeBodySchema>;
/** A waiting-room screen (GET /api/displays); its token only in the answer of POST, once. */
export type Screen = Static<typeof DisplaySchema>;
export type ScreenList = { displays: Screen[] };
export type ScreenInput = Static<typeof CreateDisplayBodySchema>;
export type CreatedScreen = Static<typeof CreatedDisplaySchema>;

// Scheduling (server/modules/scheduling/schemas.ts)
/** The states of a visit: the response schema says string; the column is this enum (db/schema/scheduling.ts). */
export type AppointmentStatus = AppointmentStatusColumn;
export type Appointment = Omit<Static<typeof AppointmentSchema>, 'status'> & { status: AppointmentStatus };
/** GET /api/appointments */
export type AppointmentList = Omit<Static<typeof AppointmentListSchema>, 'appointments'> & { appointments: Appointment[] };
/** GET /api/doctors/:id/availability */
export type Availability = Static<typeof AvailabilitySchema>;
export type Slot = Availability['slots'][number];

// Visit notes (server/modules/notes/schemas.ts)
export type Note = Static<typeof NoteSchema>;
export type NoteVersion = Static<typeof NoteVersionSchema>;
export type Soap = Static<typeof SoapSchema>;
export type Vitals = NonNullable<Soap['objective']['vitals']>;
export type VitalKey = keyof Vitals;

// Messages (server/modules/messaging/schemas.ts and the socket contract)
export type Thread = Static<typeof ThreadSchema>;
export type Participant = Thread['participants'][number];
/**
 * A message as both HTTP and the socket carry it. The socket's shape (MessagePayload) is the
 * narrower one, without attachments and editedAt, so it is the one the client holds; every HTTP
 * message fits it (checked below).
 */
export type Message = MessagePayload;
/** GET /api/threads/:id/messages */
export type MessagePage = Static<typeof MessagePageSchema>;

// Live: boards, queues and notices (server/modules/live/events.ts; the HTTP twins of the board
// and the queue are checked below to be the same shape)
export type Board = Static<typeof BoardSchema>;
export type Queue = Static<typeof QueueSchema>;
/** `queue:position`: a patient's place in the queue. */
export type QueuePosition = Parameters<ServerToClientEvents['queue:position']>[0];
/** `board:call`: a ticket called to a room, for the screens' "now calling". */
export type BoardCall = Parameters<ServerToClientEvents['board:call']>[0];
export type Notification = NotificationPayload;

/** Every event the hub sends a browser, and every event a browser sends the hub. */
export type ServerEvents = ServerToClientEvents & MessagingServerEvents;
export type ClientEvents = ClientToServerEvents & MessagingClientEvents;

// Lists: the routes wrap the shapes above inline (server/modules/*/routes.ts).
/** GET /api/doctors */
export type DoctorList = { doctors: Doctor[] };
/** GET /api/locations */
export type LocationList = { locations: Location[] };
/** GET /api/patients?query= */
export type PatientList = { patients: Patient[]; total: number; limit: number; offset: number };
/** GET /api/threads */
export type ThreadList = { threads: Thread[] };
/** GET /api/notes?patientId= | ?appointmentId= */
export type NoteList = { notes: Note[] };
/** GET /api/notes/:id/versions */
export type NoteVersionList = { versions: NoteVersion[] };
/** GET /api/medications?query=&locationId= */
export type Medication = Static<typeof MedicationSchema>;
export type MedicationList = { medications: Medication[] };
/** POST /api/appointments/:id/prescriptions, PUT /api/prescriptions/:id (body) */
export type PrescriptionInput = Static<typeof PrescriptionBodySchema>;
export type Prescription = Static<typeof PrescriptionSchema>;
export type PrescriptionStatus = Prescription['status'];
/** GET /api/prescriptions?patientId=&status= */
export type PrescriptionList = { prescriptions: Prescription[] };
export type RefillRequest = Static<typeof RefillRequestSchema>;
/** GET /api/refill-requests?status= */
export type RefillRequestList = { refillRequests: RefillRequest[] };
/** GET /api/prescriptions/verify/:number?sig= (public) */
export type Verification = Static<typeof VerificationSchema>;
// Pharmacy stock (server/modules/inventory/schemas.ts)
/** A medicine a location keeps, with its lots (GET /api/inventory). */
export type StockItem = Static<typeof InventoryItemSchema>;
export type StockLot = StockItem['lots'][number];
/** GET /api/inventory?locationId=&lowStock=&expiringWithinDays= */
export type Inventory = { items: StockItem[] };
/** POST /api/inventory/lots: the body, and the lot it made or added to. */
export type DeliveryInput = Static<typeof ReceiveBodySchema>;
export type DeliveredLot = Static<typeof LotSchema>;
/** POST /api/inventory/adjustments and /counts */
export type LotChange = Static<typeof StockChangeSchema>;
export type Movement = Static<typeof StockMovementSchema>;
export type MovementKind = Movement['kind'];
/** GET /api/inventory/movements?locationId= */
export type MovementList = { movements: Movement[] };
export type ReorderItem = Static<typeof ReorderItemSchema>;
/** GET /api/inventory/reorder?locationId= */
export type ReorderList = { items: ReorderItem[] };
// Dispensing (server/modules/pharmacy/schemas.ts and the socket contract)
/** A location's dispensing queue: the ack of `pharmacy:subscribe` and every `pharmacy:update` (with `seq`). */
export type PharmacyQueue = PharmacyQueuePayload;
export type QueuePrescription = PharmacyQueue['prescriptions'][number];
export type QueueItem = QueuePrescription['items'][number];
/** POST /api/prescriptions/:id/dispense: the body's lines, and the dispense made. */
export type DispenseLineInput = Static<typeof DispenseBodySchema>['items'][number];
export type Dispense = Static<typeof DispenseSchema>;
/** GET /api/prescriptions/:id/dispenses */
export type DispenseHistory = Static<typeof DispenseHistorySchema>;
// Billing (server/modules/billing/schemas.ts). Amounts are integer minor units of `currency`.
/** GET /api/invoices/:id: lines (voided ones kept, struck through), payments, refunds, claims and the totals. */
export type Invoice = Static<typeof InvoiceSchema>;
export type InvoiceStatus = Invoice['status'];
export type InvoiceLine = Static<typeof InvoiceLineSchema>;
/** One row of GET /api/invoices (no lines). */
export type InvoiceSummary = Static<typeof InvoiceSummarySchema>;
/** GET /api/invoices?patientId=&appointmentId=&locationId=&status= (a patient: their own) */
export type InvoiceList = Static<typeof InvoiceListSchema>;
export type Payment = Static<typeof PaymentSchema>;
export type Refund = Static<typeof RefundSchema>;
export type InsuranceClaim = Static<typeof InsuranceClaimSchema>;
/** POST /api/invoices/:id/lines (body) */
export type LineInput = Static<typeof AddLineBodySchema>;
/** POST /api/invoices/:id/payments (body, with an Idempotency-Key) */
export type PaymentInput = Static<typeof PaymentBodySchema>;
export type PaymentMethod = PaymentInput['method'];
/** POST /api/payments/:id/refunds (body, with an Idempotency-Key) */
export type RefundInput = Static<typeof RefundBodySchema>;
/** POST /api/payments/:id/refunds: the refund, with its payment's and invoice's figures after it. */
export type RefundAnswer = Static<typeof RefundAnswerSchema>;
/** POST /api/invoices/:id/checkout: what the browser needs to mount Stripe's Payment Element. */
export type CheckoutAnswer = Static<typeof CheckoutAnswerSchema>;
/** GET /api/billing/takings?locationId=&day= */
export type Takings = Static<typeof TakingsSchema>;

/** PUT /api/doctors/:id/delay */
export type Delay = { doctorId: string; delayMinutes: number };

// Where the server describes one thing twice (a response schema and a socket payload), the two
// must agree: a change to one and not the other fails `npm run typecheck` here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type ContractChecks = [
  Holds<Same<Board, BoardPayload>>,
  Holds<Same<Queue, QueuePayload>>,
  // GET /api/pharmacy/queue is the socket's queue without its seq.
  Holds<Same<Static<typeof PharmacyQueueSchema>, Omit<PharmacyQueuePayload, 'seq'>>>,
  Holds<Static<typeof MessageSchema> extends Message ? true : false>,
  Holds<AppointmentStatus extends Static<typeof AppointmentSchema>['status'] ? true : false>,
  // A set of vitals over REST is the socket contract's VitalsPayload.
  Holds<Same<VitalsPoint, VitalsPayload>>,
];

// The medical record (issue 17; docs/decisions/0010-medical-record.md): the structured record and
// vitals (server/modules/record/*schemas.ts), documents (server/modules/documents/schemas.ts), and
// the chart's events from the socket contract.
/** One set of vital signs (°C, beats/min, mmHg, breaths/min, %, kg, cm); absent measures left out. */
export type VitalsPoint = Static<typeof VitalsOutSchema>;
export type VitalMeasure = Exclude<keyof VitalsPoint, 'id' | 'patientId' | 'appointmentId' | 'source' | 'at' | 'recordedBy'>;
export type ChartPart = ChartPartType;
export type Person = { id: string; name: string };
/** GET /api/patients/:id/record (vitals newest first, the last 20). */
export type MedicalRecord = Static<typeof MedicalRecordSchema>;
export type Allergy = Static<typeof AllergySchema>;
export type AllergySeverity = Allergy['severity'];
export type Condition = Static<typeof ConditionSchema>;
export type RecordMedication = Static<typeof RecordMedicationSchema>;
export type HistoryEntry = Static<typeof HistoryEntrySchema>;
/** POST /api/patients/:id/allergies */
export type AllergyInput = Static<typeof AllergyBodySchema>;
/** POST /api/patients/:id/conditions */
export type ConditionInput = Static<typeof ConditionBodySchema>;
/** POST /api/patients/:id/history */
export type HistoryInput = Static<typeof HistoryBodySchema>;
/** POST /api/patients/:id/medications (taken elsewhere) */
export type OutsideMedicationInput = Static<typeof MedicationBodySchema>;
/** POST /api/patients/:id/vitals */
export type VitalsInput = Static<typeof VitalsBodySchema>;
/** GET /api/patients/:id/vitals?from=&to=&limit= (oldest first) */
export type VitalsSeries = { vitals: VitalsPoint[] };
/** GET /api/locations/:id/triage: today's checked-in visits at a location, oldest check-in first. */
export type Triage = Omit<Static<typeof TriageListSchema>, 'visits'> & {
  visits: (Omit<Static<typeof TriageListSchema>['visits'][number], 'status'> & { status: AppointmentStatus })[];
};
export type TriageVisit = Triage['visits'][number];
/** A stored file's metadata (POST /api/patients/:id/documents, GET /api/documents/:id). */
export type RecordDocument = Static<typeof DocumentViewSchema>;
export type DocumentType = RecordDocument['type'];
/** GET /api/patients/:id/documents?type=&tag=&query=&archived= (newest first) */
export type DocumentList = { documents: RecordDocument[] };
/** PATCH /api/documents/:id */
export type DocumentPatch = Static<typeof DocumentUpdateBodySchema>;
/** The multipart text fields of an upload, sent before the file. */
export type UploadFields = Static<typeof UploadFieldsSchema>;
/** A note's privacy: standard, sensitive (the care team's doctors), highly sensitive (the author and those named). */
export type NotePrivacy = Note['privacy'];
/**
 * The fuller note's parts (in `soap`, and at the top of the body of POST/PUT a note) and the
 * note's privacy: all optional in the body; notes written before them read back without the parts.
 */
export type NoteExtras = Partial<
  Pick<Soap, 'chiefComplaint' | 'historyOfPresentIllness' | 'reviewOfSystems' | 'physicalExam' | 'differentialDiagnosis' | 'referrals'> &
    Pick<Note, 'privacy' | 'sharedWithUserIds'>
>;

// Feedback after a visit (issue 18; server/modules/feedback/schemas.ts).
/** POST /api/appointments/:id/feedback and, with `token`, POST /api/feedback/link/submit (body). */
export type FeedbackInput = Static<typeof FeedbackBodySchema>;
export type FeedbackRatings = FeedbackInput['ratings'];
/** The dimensions a visit is rated on, each 1–5; only `overall` is required. */
export type FeedbackDimension = keyof FeedbackRatings;
/** POST /api/feedback/link: the visit a link is for (no patient data), and whether it was rated. */
export type FeedbackLinkVisit = Static<typeof LinkVisitSchema>;
/** 201 of both ways of giving feedback. */
export type FeedbackReceipt = Static<typeof CreatedSchema>;
export type FeedbackStatus = FeedbackReceipt['status'];
/** One of GET /api/feedback/mine: the patient's own feedback, newest first. */
export type MyFeedback = Static<typeof MyFeedbackSchema>;
export type MyFeedbackList = Static<typeof MyFeedbackListSchema>;
/** One of GET /api/feedback (admins: all; a doctor: their own approved ones). Anonymous: `patient` is null. */
export type FeedbackEntry = Static<typeof FeedbackEntrySchema>;
export type FollowUpReason = NonNullable<FeedbackEntry['followUp']>['reasons'][number];
/** GET /api/feedback?doctorId=&locationId=&status=&followUp=&reported=&limit=&before= */
export type FeedbackList = Static<typeof FeedbackPageSchema>;
/** GET /api/feedback/:id/author (admins; audited) */
export type FeedbackAuthor = Static<typeof AuthorSchema>;
/** GET /api/doctors/:id/rating: over approved feedback only. */
export type DoctorRating = Static<typeof DoctorRatingSchema>;

// The inbox behind the bell in every signed-in view's header (issue 19; server/modules/inbox/schemas.ts).
/** One notice kept for the signed-in person: read state, priority, the page that deals with it. */
export type InboxItem = Static<typeof InboxItemSchema>;
/** GET /api/inbox?unread=&limit=&before=: newest first, expired ones left out; `unreadCount` counts every unread one. */
export type InboxPage = Static<typeof InboxPageSchema>;
/** POST /api/inbox/read-all */
export type InboxReadAll = Static<typeof ReadAllAnswerSchema>;

// The admin console's controls wired to their routes (issue 19): bodies and answers not named above.
/** PATCH /api/users/:id: deactivate or reactivate a login (body). */
export type LoginPatch = Static<typeof UpdateUserBodySchema>;
/** PUT /api/users/:id/locations: every location a nurse or pharmacist works at (body). */
export type LoginLocationsInput = Static<typeof UserLocationsBodySchema>;
/** POST /api/users/:id/password: the admin's reset, which ends every session of the login (body). */
export type PasswordResetInput = Static<typeof PasswordResetBodySchema>;
/** PATCH /api/unavailability/:id (body): fields left out stay; reason null removes it. */
export type TimeOffPatch = Static<typeof UpdateUnavailabilityBodySchema>;
/** POST /api/doctors/:id/unavailability/affected: the booked visits a time off would fall on. */
export type AffectedQuestion = Static<typeof AffectedBodySchema>;
export type AffectedVisits = Static<typeof AffectedVisitsSchema>;
export type AffectedVisit = AffectedVisits['visits'][number];
/** GET /api/locations/:id/today: the location's day so far (the dashboard's live panel). */
export type LocationToday = Static<typeof LocationTodaySchema>;
