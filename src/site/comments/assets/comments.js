// Comments, enhanced. The article page and the thread page work fully without this script; with
// it, the article page shows the count and loads the thread into its comments section when it is
// opened, "Reply" moves the form under the comment, and a verified reader's e-mail field is hidden.
// Everything it inserts is the server's own escaped HTML (the thread page's section) or text.
// Counts and threads are revalidated on every load (cache: "no-cache"): a 304 from the page cache
// costs next to nothing, and readers see them as they are now.
(() => {
  const EMAIL_KEY = "tribune.comment-email";

  function enhance(root) {
    const form = root.querySelector("#comment-form");
    if (!form || form.dataset.enhanced) return;
    form.dataset.enhanced = "1";
    const parent = form.querySelector('input[name="parent"]');
    const title = form.querySelector("#comment-form-title");
    const newComment = form.querySelector(".comment-new");
    const home = document.createComment("comment-form");
    form.before(home);

    root.addEventListener("click", (event) => {
      const reply = event.target.closest("a[data-reply]");
      if (reply) {
        event.preventDefault();
        parent.value = reply.dataset.reply;
        title.textContent = reply.dataset.replyLabel;
        newComment.hidden = false;
        reply.closest("article").after(form);
        form.querySelector("textarea").focus();
        return;
      }
      const cancel = event.target.closest(".comment-new a");
      if (cancel) {
        event.preventDefault();
        parent.value = "";
        title.textContent = title.dataset.newTitle;
        newComment.hidden = true;
        home.after(form);
      }
    });

    // The e-mail never comes back from the server; the browser keeps it for this tab.
    const email = form.querySelector('input[name="email"]');
    try {
      if (email && !email.value) email.value = sessionStorage.getItem(EMAIL_KEY) ?? "";
      form.addEventListener("submit", () => {
        if (email?.value) sessionStorage.setItem(EMAIL_KEY, email.value);
      });
    } catch {
      // Storage may be off; the form works the same.
    }

    const meUrl = form.dataset.meUrl;
    if (meUrl) {
      fetch(meUrl, { credentials: "same-origin", headers: { accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : null))
        .then((me) => {
          if (!me?.signedIn) return;
          const field = form.querySelector(".comment-email-field");
          if (field) field.hidden = true;
          if (email) email.required = false;
          const note = form.querySelector(".comment-reader");
          note.textContent = `${me.label} `;
          const signOut = document.createElement("button");
          signOut.type = "submit";
          signOut.className = "link-button";
          signOut.textContent = me.signOutLabel;
          signOut.formAction = me.signOutUrl;
          signOut.formNoValidate = true;
          note.append(signOut);
          note.hidden = false;
        })
        .catch(() => {});
    }
  }

  const details = document.querySelector("details[data-comments]");
  if (details) {
    const summary = details.querySelector("summary");
    fetch(details.dataset.countUrl, { cache: "no-cache", headers: { accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((count) => {
        if (typeof count?.label !== "string") return;
        summary.textContent = count.label;
      })
      .catch(() => {});

    let loading = false;
    const load = () => {
      if (loading) return;
      loading = true;
      const body = details.querySelector(".comments-body");
      body.setAttribute("aria-busy", "true");
      fetch(details.dataset.threadUrl, { cache: "no-cache", headers: { accept: "text/html" } })
        .then((response) =>
          response.ok ? response.text() : Promise.reject(new Error(String(response.status))),
        )
        .then((html) => {
          const sheet = details.dataset.stylesheet;
          if (sheet && !document.querySelector(`link[href="${sheet}"]`)) {
            const link = document.createElement("link");
            link.rel = "stylesheet";
            link.href = sheet;
            document.head.append(link);
          }
          const thread = new DOMParser().parseFromString(html, "text/html").getElementById("comment-thread");
          if (!thread) throw new Error("no thread in the answer");
          body.replaceChildren(document.importNode(thread, true));
          enhance(body);
        })
        .catch(() => {
          loading = false; // the link to the thread page stays; opening again retries
        })
        .finally(() => body.removeAttribute("aria-busy"));
    };
    details.addEventListener("toggle", () => {
      if (details.open) load();
    });
  }

  enhance(document);
})();
