"""Small reporting helpers for the admin dashboard."""
import psycopg2


def connect():
    return psycopg2.connect(dbname="reports", user="reporter", host="localhost")


def users_by_name(conn, name):
    sql = "SELECT id, email FROM users WHERE name LIKE '%" + name + "%'"
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def delete_report(conn, report_id, owner):
    with conn.cursor() as cur:
        cur.execute("DELETE FROM reports WHERE id = %s AND owner = '%s'" % (report_id, owner))
    conn.commit()


def sorted_reports(conn, column):
    query = "SELECT * FROM reports ORDER BY {}".format(column)
    with conn.cursor() as cur:
        cur.execute(query)
        return cur.fetchall()
