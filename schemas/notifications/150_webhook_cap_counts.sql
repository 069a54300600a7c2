-- The daily cap counted in buckets: first attempts per hook and bucket of HUB_WEBHOOK_CAP_WINDOW /
-- 1440 (a minute of a day). Summing at most 1,441 rows replaces counting every first attempt of the
-- window, which grew with the traffic of the busiest hooks (a bucket only partly inside the window
-- counts whole: the cap is never exceeded, a delivery may wait a bucket longer).
CREATE TABLE webhook_cap_counts (
  webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  bucket     bigint NOT NULL,  -- unix milliseconds / the bucket's width
  n          integer NOT NULL,
  PRIMARY KEY (webhook_id, bucket)
);
