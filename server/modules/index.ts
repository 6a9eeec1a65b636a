// Every feature module's routes, in one list. Each module checks its own access rules.
import type { FastifyInstance } from 'fastify';
import auditRoutes from './audit/routes.js';
import authRoutes from './auth/routes.js';
import billingRoutes from './billing/routes.js';
import boardRoutes from './board/routes.js';
import displaysRoutes from './displays/routes.js';
import doctorsRoutes from './doctors/routes.js';
import documentsRoutes from './documents/routes.js';
import feedbackRoutes from './feedback/routes.js';
import healthRoutes from './health/routes.js';
import inboxRoutes from './inbox/routes.js';
import inventoryRoutes from './inventory/routes.js';
import locationsRoutes from './locations/routes.js';
import medicationsRoutes from './medications/routes.js';
import messagingRoutes from './messaging/routes.js';
import metricsRoutes from './metrics/routes.js';
import notesRoutes from './notes/routes.js';
import notificationRoutes from './notifications/routes.js';
import notificationTemplateRoutes from './notifications/templates/routes.js';
import patientsRoutes from './patients/routes.js';
import pharmacyRoutes from './pharmacy/routes.js';
import refillRoutes from './prescriptions/refill-routes.js';
import prescriptionsRoutes from './prescriptions/routes.js';
import recordRoutes from './record/routes.js';
import vitalsRoutes from './record/vitals-routes.js';
import schedulingAdminRoutes from './scheduling/admin-routes.js';
import schedulingQueueRoutes from './scheduling/queue-routes.js';
import schedulingRoutes from './scheduling/routes.js';
import smsInboundRoutes from './sms/inbound-routes.js';
import systemLogs from './system-logs/plugin.js';
import usersRoutes from './users/routes.js';

export async function registerModules(app: FastifyInstance): Promise<void> {
  for (const routes of [
    // First: its hook logs refused webhooks, so it must see the routes registered after it.
    systemLogs,
    healthRoutes,
    authRoutes,
    usersRoutes,
    locationsRoutes,
    displaysRoutes,
    doctorsRoutes,
    patientsRoutes,
    schedulingRoutes,
    schedulingQueueRoutes,
    schedulingAdminRoutes,
    messagingRoutes,
    notesRoutes,
    recordRoutes,
    vitalsRoutes,
    documentsRoutes,
    medicationsRoutes,
    prescriptionsRoutes,
    refillRoutes,
    inventoryRoutes,
    pharmacyRoutes,
    billingRoutes,
    notificationRoutes,
    notificationTemplateRoutes,
    auditRoutes,
    boardRoutes,
    smsInboundRoutes,
    metricsRoutes,
    feedbackRoutes,
    inboxRoutes,
  ]) {
    await app.register(routes);
  }
}
