import { CsrfInput } from "../../views/form-parts.tsx";

/** What a destructive move does, said before it is done: the second step, which needs no script. */
const CONSEQUENCES = {
  unpublish: {
    heading: "Unpublish this article?",
    text: "Readers will no longer see it: its address will answer that it is no longer available, and it leaves the front page, archives, feeds, sitemaps and search. You can publish it again from its workflow page.",
    button: "Yes, unpublish",
  },
  delete: {
    heading: "Delete this article?",
    text: "The article, its revisions and its comments are deleted; a published article is unpublished first. This cannot be undone.",
    button: "Yes, delete",
  },
} as const;

export type DestructiveMove = keyof typeof CONSEQUENCES;

export function isDestructiveMove(move: string): move is DestructiveMove {
  return move in CONSEQUENCES;
}

export function ConfirmMovePage(props: {
  articleId: number;
  title: string;
  move: DestructiveMove;
  csrfToken: string;
}) {
  const said = CONSEQUENCES[props.move];
  const back = `/newsroom/articles/${props.articleId}/workflow`;
  return (
    <section class="confirm-move" aria-labelledby="confirm-heading">
      <h1 id="confirm-heading">{said.heading}</h1>
      <p>
        <strong>{props.title}</strong>
      </p>
      <p>{said.text}</p>
      <form method="post" action={`${back}/${props.move}`} class="inline">
        <CsrfInput token={props.csrfToken} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="danger">
          {said.button}
        </button>
      </form>{" "}
      <a href={back}>Cancel</a>
    </section>
  );
}
