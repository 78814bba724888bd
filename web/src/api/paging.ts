// Cursor paging as every list route of the API does it: `limit` and `cursor` in, one page of
// `items` and the `next_cursor` (null on the last page) out.

/** What a paged list route answers; each route's generated answer type fits it. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface PageParams {
  limit?: number;
  cursor?: string | null;
}

/** The query parameters for one page. */
export function pageQuery(params: PageParams | undefined) {
  return { limit: params?.limit, cursor: params?.cursor };
}
