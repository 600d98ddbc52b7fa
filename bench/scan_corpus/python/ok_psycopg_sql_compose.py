from psycopg import sql

ALLOWED_SORT = {"created_at", "email", "name"}


def list_users(conn, search: str, sort: str = "created_at", limit: int = 50):
    if sort not in ALLOWED_SORT:
        raise ValueError(f"cannot sort by {sort!r}")
    query = sql.SQL("SELECT id, email, name FROM users WHERE name ILIKE %s ORDER BY {} LIMIT %s").format(
        sql.Identifier(sort)
    )
    with conn.cursor() as cur:
        cur.execute(query, (f"%{search}%", limit))
        return cur.fetchall()


def delete_user(conn, user_id: int) -> None:
    with conn.cursor() as cur:
        cur.execute("DELETE FROM users WHERE id = %s", (user_id,))
    conn.commit()
