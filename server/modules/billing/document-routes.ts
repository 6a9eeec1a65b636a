// Placeholder: filled by the billing work of issue 16.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const routes: FastifyPluginAsyncTypebox = async () => {};
export default routes;
