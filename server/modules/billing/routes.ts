// Billing's routes (API.md "Billing"), one file per area: invoices and their lines, desk payments,
// refunds, online payment through Stripe (checkout and the webhook), insurance claims, the daily
// cash-up and takings, and the PDFs (invoice, receipt).
import type { FastifyPluginAsync } from 'fastify';
import cashUpRoutes from './cash-up-routes.js';
import claimRoutes from './claim-routes.js';
import documentRoutes from './document-routes.js';
import invoiceRoutes from './invoice-routes.js';
import onlineRoutes from './online-routes.js';
import paymentRoutes from './payment-routes.js';
import refundRoutes from './refund-routes.js';

const billingRoutes: FastifyPluginAsync = async (app) => {
  for (const routes of [invoiceRoutes, paymentRoutes, refundRoutes, onlineRoutes, claimRoutes, cashUpRoutes, documentRoutes]) {
    await app.register(routes);
  }
};
export default billingRoutes;
