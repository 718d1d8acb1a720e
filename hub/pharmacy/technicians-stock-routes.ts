import type { KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { refusal } from '../server/hub-errors';
import { pharmacistOf, type requirePharmacist } from './console-auth';
import type { PharmacyDeps } from './pharmacy-deps';
import { listRestockOrders, publishRestockOrder, withdrawRestockOrder } from './restock-orders';
import { listBlockedSlots, releaseSlot } from './slot-releases';
import {
  addTechnician,
  issueBadge,
  listTechnicians,
  removeTechnician,
  revokeBadge,
} from './technicians';
import {
  AddTechnicianRequest,
  CreateRestockOrderRequest,
  IssueBadgeRequest,
  ReleaseSlotRequest,
  RemoveTechnicianRequest,
  RevokeBadgeRequest,
  TECHNICIAN_STOCK_ROUTES as ROUTES,
  WithdrawRestockOrderRequest,
  type ColdChainList,
  type RestockOrderList,
  type TechnicianList,
} from './technicians-stock-api';

/**
 * The console routes for technicians and stock (technicians-stock-api.ts), registered by
 * routes.ts's pharmacyPlugin with its session check and its body parser, so they refuse and
 * audit exactly as the other console routes do.
 */
export function registerTechnicianStockRoutes(
  app: FastifyInstance,
  deps: PharmacyDeps,
  options: {
    readonly auth: { preHandler: ReturnType<typeof requirePharmacist> };
    readonly parse: <S extends z.ZodType>(schema: S, value: unknown) => z.output<S>;
    /** The hub's badge issuer key; without one the console cannot issue badges. */
    readonly badgeIssuerKey: KeyObject | undefined;
  },
): void {
  const { auth, parse } = options;

  app.get(ROUTES.technicians, auth, async (): Promise<TechnicianList> => listTechnicians(deps));

  app.post(ROUTES.technicians, auth, async (request, reply) => {
    const published = await addTechnician(
      deps,
      pharmacistOf(request),
      parse(AddTechnicianRequest, request.body),
    );
    return reply.code(201).send(published);
  });

  app.post(ROUTES.removeTechnician, auth, async (request) =>
    removeTechnician(deps, pharmacistOf(request), parse(RemoveTechnicianRequest, request.body)),
  );

  app.post(ROUTES.badges, auth, async (request, reply) => {
    const body = parse(IssueBadgeRequest, request.body);
    if (!options.badgeIssuerKey)
      throw refusal('forbidden', 'this hub has no badge issuer key: badges cannot be issued here');
    const issued = await issueBadge(deps, options.badgeIssuerKey, pharmacistOf(request), body);
    return reply.code(201).send(issued);
  });

  app.post(ROUTES.revokeBadge, auth, async (request) =>
    revokeBadge(deps, pharmacistOf(request), parse(RevokeBadgeRequest, request.body)),
  );

  app.get(ROUTES.restockOrders, auth, async (): Promise<RestockOrderList> =>
    listRestockOrders(deps),
  );

  app.post(ROUTES.restockOrders, auth, async (request, reply) => {
    const published = await publishRestockOrder(
      deps,
      pharmacistOf(request),
      parse(CreateRestockOrderRequest, request.body),
    );
    return reply.code(201).send(published);
  });

  app.post(ROUTES.withdrawRestockOrder, auth, async (request) =>
    withdrawRestockOrder(
      deps,
      pharmacistOf(request),
      parse(WithdrawRestockOrderRequest, request.body),
    ),
  );

  app.get(ROUTES.coldChain, auth, async (): Promise<ColdChainList> => listBlockedSlots(deps.db));

  app.post(ROUTES.releaseSlot, auth, async (request) =>
    releaseSlot(deps, pharmacistOf(request), parse(ReleaseSlotRequest, request.body)),
  );
}
