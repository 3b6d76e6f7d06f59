-- A benchmark run belongs to the team that started it through the API; a run stored by the
-- bench CLI on the host itself has none and is seen only by the host's admins.

-- AlterTable
ALTER TABLE "benchmark_runs" ADD COLUMN "team_id" UUID;

-- CreateIndex
CREATE INDEX "benchmark_runs_team_id_started_at_idx" ON "benchmark_runs"("team_id", "started_at");

-- AddForeignKey
ALTER TABLE "benchmark_runs" ADD CONSTRAINT "benchmark_runs_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
