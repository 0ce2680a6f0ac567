import {
  CustomerIdParamsSchema,
  CustomerSummarySchema,
  CustomersReportSchema,
  DashboardStatsSchema,
  DateRangeQuerySchema,
  OrdersReportSchema,
  ProductsReportSchema,
  SalesQuerySchema,
  SalesReportSchema,
} from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AnalyticsService } from './analytics.service.js';

const tags = ['analytics'];
const security = [{ bearerAuth: [] }];

export const analyticsRoutes: FastifyPluginAsyncZod<{ analytics: AnalyticsService }> = async (app, { analytics }) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/analytics/sales',
    {
      schema: {
        tags,
        security,
        summary: 'Revenue, orders, average order value and units per bucket, with totals and the change against the previous period',
        querystring: SalesQuerySchema,
        response: { 200: SalesReportSchema },
      },
    },
    async (request) => analytics.sales(request.query),
  );
  app.get(
    '/analytics/orders',
    {
      schema: {
        tags,
        security,
        summary: 'Orders and value by status; cancellation rate',
        querystring: DateRangeQuerySchema,
        response: { 200: OrdersReportSchema },
      },
    },
    async (request) => analytics.orders(request.query),
  );
  app.get(
    '/analytics/customers/:id',
    {
      schema: {
        tags,
        security,
        summary: "One customer's lifetime value, order count and first/last order (paid, not cancelled or refunded)",
        params: CustomerIdParamsSchema,
        response: { 200: CustomerSummarySchema },
      },
    },
    async (request) => analytics.customer(request.params.id),
  );
  app.get(
    '/analytics/customers',
    {
      schema: {
        tags,
        security,
        summary: 'New and returning customers per bucket, top spenders, repeat-purchase rate',
        querystring: SalesQuerySchema,
        response: { 200: CustomersReportSchema },
      },
    },
    async (request) => analytics.customers(request.query),
  );
  app.get(
    '/analytics/products',
    {
      schema: {
        tags,
        security,
        summary: 'Top sellers by units and revenue, low stock, never sold, best rated',
        querystring: DateRangeQuerySchema,
        response: { 200: ProductsReportSchema },
      },
    },
    async (request) => analytics.products(request.query),
  );
  app.get(
    '/admin/stats',
    {
      schema: {
        tags,
        security,
        summary: 'The dashboard: today / 7 / 30 days with change, pending orders, low stock, new customers, latest orders',
        response: { 200: DashboardStatsSchema },
      },
    },
    async () => analytics.dashboard(),
  );
};
