import { type TSchema, Type } from "typebox";

/**
 * Schema pieces of the newsroom's routes. Pages read urlencoded forms (@fastify/formbody): the schema
 * says a form is flat text fields (a repeated field, such as checkboxes, is a list); what a field
 * must hold is checked by the handler, which re-renders the form with a message a person can act
 * on. The CSRF field is not required here: a request without it is refused by the CSRF check, 403,
 * with the message that says to reload the page.
 */

/** One form field: text, or a list of texts when the field is repeated. */
export const FormValue = Type.Union([Type.String(), Type.Array(Type.String())]);

/** An urlencoded form: text fields only (a JSON body with nested values is refused). */
export const FormBody = Type.Record(Type.String(), FormValue, {
  description: "An application/x-www-form-urlencoded form; the _csrf field carries the CSRF token.",
});

/** A token in a link (invitation, password reset): its page says when it does not work. */
export const TokenParams = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** A JSON object of the editor's API; its fields are checked one by one (editor-input.ts), naming any. */
export function JsonObject(properties: Record<string, TSchema>, description?: string) {
  return Type.Object(
    Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, Type.Optional(schema)])),
    description ? { description } : {},
  );
}

/** What every error of the newsroom's JSON API answers: `{ error: CODE, message, field? … }`. */
export const ApiError = Type.Object(
  {
    error: Type.String({ description: "A stable code: NOT_FOUND, VALIDATION_FAILED, CSRF_REJECTED…" }),
    message: Type.String({ description: "What went wrong, in words a user can act on." }),
    field: Type.Optional(Type.String({ description: "The field or parameter at fault." })),
  },
  { additionalProperties: true },
);

/** The response schemas of a JSON API route: its success and the error document for every 4xx/5xx. */
export function jsonResponses(success: Record<number, TSchema>): Record<string, TSchema> {
  return { ...success, "4xx": ApiError, "5xx": ApiError };
}

/**
 * A JSON object answered as it is built (the editor's boot data, a media item…): its top-level
 * fields are declared, their content is the TypeScript type the handler returns.
 */
export function JsonAnswer(properties: Record<string, TSchema>, description: string) {
  return Type.Object(properties, { additionalProperties: true, description });
}

/** A value whose shape is the handler's TypeScript type (serialized as it is). */
export const Described = (description: string) => Type.Unknown({ description });
