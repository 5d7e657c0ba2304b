-- AlterTable
ALTER TABLE "client" ADD COLUMN     "registration_blocked" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "software_fingerprint" TEXT;

-- CreateIndex
CREATE INDEX "client_software_fingerprint_idx" ON "client"("software_fingerprint");

