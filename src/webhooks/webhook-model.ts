import { isWebhookEvent, type WebhookEvent } from "./webhook-events.ts";

/** The events a hook's stored JSON list names (unknown names, from a later version, are dropped). */
export function eventsOf(stored: string): WebhookEvent[] {
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter(isWebhookEvent) : [];
  } catch {
    return [];
  }
}

/** What an admin types for a hook: the same fields for a new one and an edited one. */
export interface WebhookForm {
  url: string;
  events: readonly string[];
  active: boolean;
}

/** A hook as the newsroom lists it: never its secret, which is shown once when it is made. */
export interface WebhookSummary {
  id: number;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
  pending: number;
  lastDelivery: WebhookDeliveryLine | null;
}

/** One line of a hook's delivery log. */
export interface WebhookDeliveryLine {
  id: number;
  deliveryId: string;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
}
