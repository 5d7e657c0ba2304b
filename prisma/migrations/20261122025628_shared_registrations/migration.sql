-- AlterTable
ALTER TABLE "client" ADD COLUMN     "reregistered_at" TIMESTAMP(3);

