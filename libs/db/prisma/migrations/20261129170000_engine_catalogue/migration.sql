-- The engine's catalogue: container settings the API supervises (restart policy,
-- auto-remove), layers with reference counts, volumes, and one event stream for
-- containers, images, volumes and networks (replacing container_events).

-- DropTable
DROP TABLE "container_events";

-- AlterTable
ALTER TABLE "containers"
    ADD COLUMN "image_ref" TEXT NOT NULL DEFAULT '',
    ADD COLUMN "config" JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN "labels" JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN "restart_policy" TEXT NOT NULL DEFAULT 'no',
    ADD COLUMN "restart_max_retries" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "restart_count" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "auto_remove" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "stopped_by_user" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "pid" INTEGER;
ALTER TABLE "containers" ALTER COLUMN "image_ref" DROP DEFAULT;

-- CreateTable
CREATE TABLE "layers" (
    "chain_id" TEXT NOT NULL,
    "diff_id" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "ref_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "layers_pkey" PRIMARY KEY ("chain_id")
);

-- CreateTable
CREATE TABLE "image_layers" (
    "image_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "chain_id" TEXT NOT NULL,

    CONSTRAINT "image_layers_pkey" PRIMARY KEY ("image_id", "position")
);

-- CreateTable
CREATE TABLE "volumes" (
    "id" UUID NOT NULL,
    "team_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "driver" TEXT NOT NULL DEFAULT 'local',
    "mountpoint" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "volumes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "container_volumes" (
    "container_id" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "volume_id" UUID NOT NULL,
    "read_only" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "container_volumes_pkey" PRIMARY KEY ("container_id", "destination")
);

-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "team_id" UUID,
    "type" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "image_layers_chain_id_idx" ON "image_layers"("chain_id");
CREATE INDEX "containers_team_id_created_at_idx" ON "containers"("team_id", "created_at");
CREATE UNIQUE INDEX "volumes_team_id_name_key" ON "volumes"("team_id", "name");
CREATE INDEX "container_volumes_volume_id_idx" ON "container_volumes"("volume_id");
CREATE INDEX "events_team_id_at_idx" ON "events"("team_id", "at");
CREATE INDEX "events_type_actor_id_idx" ON "events"("type", "actor_id");

-- AddForeignKey
ALTER TABLE "image_layers" ADD CONSTRAINT "image_layers_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "image_layers" ADD CONSTRAINT "image_layers_chain_id_fkey" FOREIGN KEY ("chain_id") REFERENCES "layers"("chain_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "volumes" ADD CONSTRAINT "volumes_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "container_volumes" ADD CONSTRAINT "container_volumes_container_id_fkey" FOREIGN KEY ("container_id") REFERENCES "containers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "container_volumes" ADD CONSTRAINT "container_volumes_volume_id_fkey" FOREIGN KEY ("volume_id") REFERENCES "volumes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "events" ADD CONSTRAINT "events_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;
