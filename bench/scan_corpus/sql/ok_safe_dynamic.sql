CREATE OR REPLACE FUNCTION count_rows(p_table regclass, p_status text)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
  n bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM %s WHERE status = $1', p_table) INTO n USING p_status;
  RETURN n;
END;
$$;

PREPARE orders_by_customer (int) AS
  SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC;
EXECUTE orders_by_customer(42);
