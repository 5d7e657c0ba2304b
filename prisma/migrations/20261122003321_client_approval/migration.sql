-- CreateEnum
CREATE TYPE "approval_status" AS ENUM ('pending', 'approved', 'denied');

-- CreateTable
CREATE TABLE "client_approval" (
    "client_id" TEXT NOT NULL,
    "server_id" TEXT NOT NULL,
    "status" "approval_status" NOT NULL DEFAULT 'pending',
    "requested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMP(3),
    "decided_by" TEXT,

    CONSTRAINT "client_approval_pkey" PRIMARY KEY ("client_id","server_id")
);

-- CreateIndex
CREATE INDEX "client_approval_status_idx" ON "client_approval"("status");

-- AddForeignKey
ALTER TABLE "client_approval" ADD CONSTRAINT "client_approval_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_approval" ADD CONSTRAINT "client_approval_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "mcp_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

