// Server-sent event streams: new audit events (/events/stream), alert changes (/alerts/stream)
// and one resource as it changes (/resources/{id}/stream). The browser reconnects on its own,
// resuming with Last-Event-ID.
import type { AuditEvent, ResourceDetail } from './types';

export interface StreamHandlers<T> {
  onEvent: (event: T) => void;
  onOpen?: () => void;
  onError?: () => void;
}

/**
 * An alert change notice: the group to read again and what happened ("changed"). The stream
 * route has no JSON answer in the contract, so its frame is written here as the server sends it.
 */
export interface AlertStreamEvent {
  group: string;
  kind: string;
}

/**
 * Opens `url` and hands each event named `name`, parsed as JSON, to the handlers; a malformed
 * event is dropped. Returns a function that closes the stream.
 */
function subscribe<T>(url: string, name: string, handlers: StreamHandlers<T>): () => void {
  const source = new EventSource(url);
  source.addEventListener(name, (message) => {
    try {
      handlers.onEvent(JSON.parse((message as MessageEvent<string>).data) as T);
    } catch {
      // Dropped; the page can still reload.
    }
  });
  source.addEventListener('open', () => handlers.onOpen?.());
  source.addEventListener('error', () => handlers.onError?.());
  return () => source.close();
}

/** New audit events (`event: audit`, each an AuditEvent). */
export function subscribeEvents(handlers: StreamHandlers<AuditEvent>): () => void {
  return subscribe('/api/v1/events/stream', 'audit', handlers);
}

/** Alert changes (`event: alert`). */
export function subscribeAlerts(handlers: StreamHandlers<AlertStreamEvent>): () => void {
  return subscribe('/api/v1/alerts/stream', 'alert', handlers);
}

/**
 * A resource with its journal each time it changes (`event: resource`). The server ends the
 * stream once the resource is ready, failed or deleted; the caller closes it then, or the browser
 * would open it again.
 */
export function subscribeResource(
  id: string,
  handlers: StreamHandlers<ResourceDetail>,
): () => void {
  return subscribe(`/api/v1/resources/${encodeURIComponent(id)}/stream`, 'resource', handlers);
}
