import React, { useMemo } from "react";
import DOMPurify from "dompurify";
import { marked } from "marked";

interface Props {
  title: string;
  author: string;
  markdown: string;
}

const ALLOWED_TAGS = ["p", "ul", "ol", "li", "strong", "em", "code", "pre", "a", "h3", "h4", "blockquote"];

export function ReleaseNotes({ title, author, markdown }: Props) {
  const safeHtml = useMemo(
    () =>
      DOMPurify.sanitize(marked.parse(markdown, { async: false }) as string, {
        ALLOWED_TAGS,
        ALLOWED_ATTR: ["href", "title"],
      }),
    [markdown],
  );

  return (
    <article className="release-notes">
      <h2>{title}</h2>
      <p className="byline">by {author}</p>
      <div className="notes" dangerouslySetInnerHTML={{ __html: safeHtml }} />
    </article>
  );
}
