import sqlite3
from contextlib import closing


def find_orders(db_path: str, customer: str, status: str | None = None) -> list[tuple]:
    sql = "SELECT id, total, status FROM orders WHERE customer = ?"
    params: list[object] = [customer]
    if status is not None:
        sql += " AND status = ?"
        params.append(status)
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(sql, params).fetchall()


def add_order(db_path: str, customer: str, total: float) -> int:
    with closing(sqlite3.connect(db_path)) as conn, conn:
        cur = conn.execute("INSERT INTO orders (customer, total, status) VALUES (?, ?, 'new')", (customer, total))
        return cur.lastrowid
