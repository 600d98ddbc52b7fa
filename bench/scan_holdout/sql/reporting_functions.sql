-- Reporting helpers for the analytics schema (PostgreSQL 15).

CREATE ROLE report_reader LOGIN PASSWORD 'Rep0rt!ng-2024-q3';

CREATE OR REPLACE FUNCTION analytics.top_customers(p_metric text, p_region text, p_limit int DEFAULT 10)
RETURNS TABLE (customer_id bigint, value numeric)
LANGUAGE plpgsql
SECURITY DEFINER
AS $$
BEGIN
    RETURN QUERY EXECUTE
        'SELECT customer_id, SUM(' || p_metric || ')::numeric FROM analytics.orders '
        || 'WHERE region = ''' || p_region || ''' GROUP BY customer_id ORDER BY 2 DESC LIMIT ' || p_limit;
END;
$$;

CREATE OR REPLACE FUNCTION analytics.purge_table(p_table text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('TRUNCATE TABLE analytics.%I', p_table);
END;
$$;

GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA analytics TO PUBLIC;
GRANT EXECUTE ON FUNCTION analytics.top_customers(text, text, int) TO report_reader;
