import DOMPurify from "dompurify";
import React, { useMemo } from "react";

type Comment = { id: string; author: string; body: string; html?: string };

export function CommentList({ comments }: { comments: Comment[] }) {
  return (
    <ul>
      {comments.map((c) => (
        <li key={c.id}>
          <strong>{c.author}</strong>
          <p>{c.body}</p>
        </li>
      ))}
    </ul>
  );
}

export function RichComment({ comment }: { comment: Comment }) {
  const clean = useMemo(() => DOMPurify.sanitize(comment.html ?? ""), [comment.html]);
  return <div dangerouslySetInnerHTML={{ __html: clean }} />;
}
