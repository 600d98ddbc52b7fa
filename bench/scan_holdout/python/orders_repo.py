"""Order queries for the fulfilment dashboard (psycopg 3)."""

from __future__ import annotations

from datetime import date

import psycopg
from psycopg import sql

ALLOWED_SORT = {"created": "created_at", "total": "total_cents", "status": "status"}


def find_orders(conn: psycopg.Connection, customer_email: str, since: date, sort: str = "created") -> list[tuple]:
    column = ALLOWED_SORT.get(sort, "created_at")
    query = sql.SQL(
        "SELECT id, status, total_cents, created_at FROM orders "
        "WHERE customer_email = %s AND created_at >= %s ORDER BY {} DESC LIMIT 200"
    ).format(sql.Identifier(column))
    with conn.cursor() as cur:
        cur.execute(query, (customer_email, since))
        return cur.fetchall()


def count_by_status(conn: psycopg.Connection, statuses: list[str]) -> dict[str, int]:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT status, count(*) FROM orders WHERE status = ANY(%s) GROUP BY status",
            (statuses,),
        )
        return dict(cur.fetchall())


def archive_table_for(conn: psycopg.Connection, year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValueError("year out of range")
    table = sql.Identifier(f"orders_{year}")
    with conn.cursor() as cur:
        cur.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} (LIKE orders INCLUDING ALL)").format(table))
        cur.execute(
            sql.SQL("INSERT INTO {} SELECT * FROM orders WHERE extract(year FROM created_at) = %s").format(table),
            (year,),
        )
