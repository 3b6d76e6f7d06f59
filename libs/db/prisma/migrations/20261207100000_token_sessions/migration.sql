-- A session opened with an API token stays bound to it: the token's team and, at most, its
-- role, for the session's whole life. Revoking the token (or deleting it) ends the session.

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN "token_id" UUID;

-- CreateIndex
CREATE INDEX "sessions_token_id_idx" ON "sessions"("token_id");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;
