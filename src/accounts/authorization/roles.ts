import type { Role } from "../../db/schema.ts";
import { ValidationError } from "../../shared/errors.ts";

export type { Role };

/** Every role, from the least to the most trusted. */
export const ROLES: readonly Role[] = ["contributor", "translator", "editor", "admin"];

/** What each role is for, as the users page explains it. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  contributor: "writes drafts and submits them for review",
  translator: "translates into the editions assigned to them",
  editor: "edits, publishes and moderates in every edition",
  admin: "everything, plus users, settings and the audit log",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** The role named by `value`, or a ValidationError listing the roles. */
export function parseRole(field: string, value: unknown): Role {
  if (isRole(value)) return value;
  throw new ValidationError(
    field,
    `${typeof value === "string" ? `"${value.slice(0, 40)}"` : "that"} is not a role; the roles are ${ROLES.join(", ")}`,
  );
}
