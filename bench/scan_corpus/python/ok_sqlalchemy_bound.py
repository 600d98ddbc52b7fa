from sqlalchemy import select, text
from sqlalchemy.orm import Session

from .models import Article


def search_articles(session: Session, q: str, limit: int = 20):
    stmt = select(Article).where(Article.title.ilike(f"%{q}%")).limit(limit)
    return session.scalars(stmt).all()


def count_by_author(session: Session, author_id: int) -> int:
    return session.execute(text("SELECT count(*) FROM articles WHERE author_id = :aid"), {"aid": author_id}).scalar_one()
