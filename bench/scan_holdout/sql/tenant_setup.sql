-- Tenant provisioning (PostgreSQL). Run with psql:
--   psql -v app_password="$APP_DB_PASSWORD" -f tenant_setup.sql
\set ON_ERROR_STOP on

CREATE ROLE app_rw LOGIN PASSWORD :'app_password';
CREATE ROLE app_ro NOLOGIN;

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO app_rw, app_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_ro;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_rw;

CREATE OR REPLACE FUNCTION public.create_tenant_schema(p_tenant text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    IF p_tenant !~ '^[a-z][a-z0-9_]{2,30}$' THEN
        RAISE EXCEPTION 'invalid tenant name %', p_tenant;
    END IF;
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION app_rw', 'tenant_' || p_tenant);
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I.settings (key text PRIMARY KEY, value jsonb)', 'tenant_' || p_tenant);
END;
$$;

CREATE OR REPLACE FUNCTION public.count_rows(p_table regclass, p_since timestamptz)
RETURNS bigint
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %s WHERE created_at >= $1', p_table) INTO n USING p_since;
    RETURN n;
END;
$$;
