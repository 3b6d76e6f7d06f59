-- The command a container runs, kept beside the spec it comes from so that listing
-- containers does not decode every row's spec.

-- AlterTable
ALTER TABLE "containers" ADD COLUMN "command" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- Backfill from the spec of existing rows.
UPDATE "containers"
SET "command" = ARRAY(SELECT jsonb_array_elements_text("spec"->'process'->'args'))
WHERE jsonb_typeof("spec"->'process'->'args') = 'array';
