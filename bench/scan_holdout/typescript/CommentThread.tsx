import React, { useEffect, useState } from "react";
import { marked } from "marked";

export interface Comment {
  id: string;
  author: string;
  bodyMarkdown: string;
  createdAt: string;
}

function newDraftId(): string {
  // used as the idempotency key and CSRF nonce when posting a comment
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

export function CommentThread({ postId }: { postId: string }) {
  const [comments, setComments] = useState<Comment[]>([]);
  const [draftId] = useState(newDraftId);

  useEffect(() => {
    fetch(`/api/posts/${encodeURIComponent(postId)}/comments`)
      .then((r) => r.json())
      .then(setComments);
  }, [postId]);

  return (
    <section className="comments" data-draft={draftId}>
      {comments.map((c) => (
        <article key={c.id}>
          <header>
            <strong>{c.author}</strong> · <time>{new Date(c.createdAt).toLocaleString()}</time>
          </header>
          <div className="body" dangerouslySetInnerHTML={{ __html: marked.parse(c.bodyMarkdown) as string }} />
        </article>
      ))}
    </section>
  );
}
