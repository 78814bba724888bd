// The audit log (docs/api.md).
import { call, http, query } from './http';
import { pageQuery, type PageParams } from './paging';

export function listAudit(params?: PageParams & { subject?: string; actor?: string }) {
  return call(
    http.GET('/api/v1/audit', {
      params: {
        query: query({ subject: params?.subject, actor: params?.actor, ...pageQuery(params) }),
      },
    }),
  );
}
