-- Registry logins (`berth login`), owned either by one user (usable in every team the user acts
-- in) or by one team. Only the secret's AES-256-GCM ciphertext is kept; the key lives in the
-- server's state root, so a copy of the database alone reveals no password.

-- CreateTable
CREATE TABLE "registry_credentials" (
    "id" UUID NOT NULL,
    "registry" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "secret_cipher" TEXT NOT NULL,
    "user_id" UUID,
    "team_id" UUID,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registry_credentials_pkey" PRIMARY KEY ("id"),
    -- Exactly one owner: a user or a team.
    CONSTRAINT "registry_credentials_one_owner" CHECK (("user_id" IS NULL) <> ("team_id" IS NULL))
);

-- CreateIndex
CREATE UNIQUE INDEX "registry_credentials_user_id_registry_key" ON "registry_credentials"("user_id", "registry");

-- CreateIndex
CREATE UNIQUE INDEX "registry_credentials_team_id_registry_key" ON "registry_credentials"("team_id", "registry");

-- AddForeignKey
ALTER TABLE "registry_credentials" ADD CONSTRAINT "registry_credentials_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registry_credentials" ADD CONSTRAINT "registry_credentials_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
