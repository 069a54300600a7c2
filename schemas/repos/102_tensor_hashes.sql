-- Per-tensor hashes of safetensors LFS objects, computed while the upload streamed in: a pull
-- request's model-aware diff compares tensors (dtype, shape, content hash) from these rows without
-- reading the weights again. Keyed by the object, which every repo linked to it shares.
CREATE TABLE tensor_hashes (
  oid           text NOT NULL REFERENCES lfs_objects (oid),
  name          text NOT NULL,
  dtype         text NOT NULL,
  shape         jsonb NOT NULL,
  begin_offset  bigint NOT NULL,
  end_offset    bigint NOT NULL,
  sha256        text NOT NULL,
  PRIMARY KEY (oid, name)
);
