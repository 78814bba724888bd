// Team budgets (docs/cost.md#budgets): budgets in force with their spend, requests and their
// approval.
import { call, http, query, type Body } from './http';

export type NewBudgetRequest = Body<'/api/v1/budgets/requests', 'post'>;

export function listBudgets(params?: { team?: string; month?: string }) {
  return call(http.GET('/api/v1/budgets', { params: { query: query({ ...params }) } }));
}

export function listBudgetRequests(params?: { team?: string; state?: string }) {
  return call(http.GET('/api/v1/budgets/requests', { params: { query: query({ ...params }) } }));
}

export function requestBudget(body: NewBudgetRequest) {
  return call(http.POST('/api/v1/budgets/requests', { body }));
}

export function approveBudget(id: string, reason?: string) {
  return call(
    http.POST('/api/v1/budgets/requests/{id}/approve', {
      params: { path: { id } },
      body: reason ? { reason } : {},
    }),
  );
}

export function rejectBudget(id: string, reason: string) {
  return call(
    http.POST('/api/v1/budgets/requests/{id}/reject', {
      params: { path: { id } },
      body: { reason },
    }),
  );
}
