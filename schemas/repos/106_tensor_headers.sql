-- What reading each LFS upload as a safetensors file found, one row per object examined (written in
-- the upload's transaction, app/lfs_objects.cpp): whether the content is a safetensors file, and when
-- its header is malformed or it is no safetensors file at all, why. A pull request's diff reports that
-- reason for a *.safetensors path instead of tensors. Objects uploaded before this migration have no
-- row: never examined, which the tensors endpoint says rather than guess.
--
-- safetensors: the first 8 bytes give a header length that fits the file and the header starts
-- with '{' (the content announces a safetensors header, sound or not).
CREATE TABLE tensor_headers (
  oid           text PRIMARY KEY REFERENCES lfs_objects (oid) ON DELETE CASCADE,
  safetensors   boolean NOT NULL,
  error         text,
  tensor_count  integer NOT NULL DEFAULT 0 CHECK (tensor_count >= 0),
  examined_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (safetensors OR error IS NOT NULL),
  CHECK (error IS NULL OR tensor_count = 0)
);
