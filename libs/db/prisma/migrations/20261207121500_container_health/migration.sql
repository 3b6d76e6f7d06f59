-- A container's healthcheck state (status, failing streak, last results), written by the API's
-- health monitor after each probe so inspect and ps show it and it survives an API restart.
-- The check itself is part of the create request stored in "config".

-- AlterTable
ALTER TABLE "containers" ADD COLUMN "health" JSONB;
