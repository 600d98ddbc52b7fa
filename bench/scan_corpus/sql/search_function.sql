CREATE OR REPLACE FUNCTION search_customers(p_name text, p_order text)
RETURNS SETOF customers
LANGUAGE plpgsql
SECURITY DEFINER
AS $$
BEGIN
  RETURN QUERY EXECUTE 'SELECT * FROM customers WHERE name LIKE ''%' || p_name || '%'' ORDER BY ' || p_order;
END;
$$;
