-- Bridge networking: a team's networks (each its own Linux bridge and subnet), which
-- container is on which network with which address, and the ports a container publishes
-- (kept here so they can be installed again at every start and after an API restart).

-- CreateTable
CREATE TABLE "networks" (
    "id" UUID NOT NULL,
    "team_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "driver" TEXT NOT NULL DEFAULT 'bridge',
    "bridge" TEXT NOT NULL,
    "subnet" TEXT NOT NULL,
    "gateway" TEXT NOT NULL,
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "networks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "container_networks" (
    "container_id" TEXT NOT NULL,
    "network_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "ip" TEXT NOT NULL,
    "mac" TEXT NOT NULL,
    "aliases" TEXT[],
    "host_veth" TEXT,

    CONSTRAINT "container_networks_pkey" PRIMARY KEY ("container_id", "network_id")
);

-- CreateTable
CREATE TABLE "container_ports" (
    "container_id" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "host_ip" TEXT NOT NULL,
    "host_port" INTEGER NOT NULL,
    "container_port" INTEGER NOT NULL,

    CONSTRAINT "container_ports_pkey" PRIMARY KEY ("container_id", "protocol", "host_ip", "host_port")
);

-- CreateIndex
CREATE UNIQUE INDEX "networks_team_id_name_key" ON "networks"("team_id", "name");
CREATE UNIQUE INDEX "networks_bridge_key" ON "networks"("bridge");
CREATE UNIQUE INDEX "networks_subnet_key" ON "networks"("subnet");
CREATE UNIQUE INDEX "container_networks_network_id_ip_key" ON "container_networks"("network_id", "ip");
CREATE UNIQUE INDEX "container_networks_container_id_position_key" ON "container_networks"("container_id", "position");
CREATE INDEX "container_ports_protocol_host_port_idx" ON "container_ports"("protocol", "host_port");

-- AddForeignKey
ALTER TABLE "networks" ADD CONSTRAINT "networks_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "container_networks" ADD CONSTRAINT "container_networks_container_id_fkey" FOREIGN KEY ("container_id") REFERENCES "containers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "container_networks" ADD CONSTRAINT "container_networks_network_id_fkey" FOREIGN KEY ("network_id") REFERENCES "networks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "container_ports" ADD CONSTRAINT "container_ports_container_id_fkey" FOREIGN KEY ("container_id") REFERENCES "containers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
