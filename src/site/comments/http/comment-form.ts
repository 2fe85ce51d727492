import { CommentRefusedError } from "../../../comments/comment-errors.ts";
import type { EditionRequest } from "../../edition-router.ts";

/**
 * A reader form's fields as its route's schema reads them (parsed by @fastify/formbody or
 * @fastify/multipart in the reader scope, src/site/reader-forms.ts), or the reason it could not be
 * read as a comment refusal: the page shows its message beside the form, in the reader's language.
 */
export function formFields<Body>(
  request: Pick<EditionRequest<unknown, unknown, Body>, "body" | "refusal">,
): Body {
  const { refusal } = request;
  if (refusal) throw new CommentRefusedError(refusal.code, refusal.field ? { field: refusal.field } : {});
  return request.body;
}
