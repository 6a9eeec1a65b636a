// Action routes (POST /…/sign, /…/confirm) whose body is optional.
import type { FastifyRequest } from 'fastify';

/** A POST without a body is validated as an empty object, so action calls need not send `{}`. */
export async function bodyDefaultsToEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}
