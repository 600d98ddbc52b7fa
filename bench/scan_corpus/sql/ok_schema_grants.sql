CREATE TABLE users (
  id         bigserial PRIMARY KEY,
  email      text NOT NULL UNIQUE CHECK (email LIKE '%@%'),
  password   text NOT NULL,  -- argon2id hash, never plain text
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE ROLE reporting NOLOGIN;
GRANT SELECT ON users TO reporting;
REVOKE ALL ON users FROM PUBLIC;
DELETE FROM sessions WHERE expires_at < now();
DROP TABLE IF EXISTS tmp_import;
