import React from "react";

type Comment = { id: string; author: string; body: string };

export function CommentList({ comments }: { comments: Comment[] }) {
  return (
    <ul>
      {comments.map((c) => (
        <li key={c.id}>
          <strong>{c.author}</strong>
          <div dangerouslySetInnerHTML={{ __html: c.body }} />
        </li>
      ))}
    </ul>
  );
}

export function Banner() {
  const msg = new URLSearchParams(window.location.search).get("msg") ?? "";
  return <a href={`javascript:${msg}`}>dismiss</a>;
}
