-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "client_kind" AS ENUM ('application', 'agent', 'dcr', 'cimd');

-- CreateEnum
CREATE TYPE "client_status" AS ENUM ('active', 'pending', 'disabled');

-- CreateEnum
CREATE TYPE "user_status" AS ENUM ('active', 'disabled');

-- CreateEnum
CREATE TYPE "sign_in_rule_kind" AS ENUM ('email_domain', 'user', 'group');

-- CreateTable
CREATE TABLE "oidc_artifact" (
    "model" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grant_id" TEXT,
    "client_id" TEXT,
    "user_code" TEXT,
    "uid" TEXT,
    "expires_at" TIMESTAMP(3),
    "consumed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oidc_artifact_pkey" PRIMARY KEY ("model","id")
);

-- CreateTable
CREATE TABLE "signing_key" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "private_jwk_enc" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activates_at" TIMESTAMP(3) NOT NULL,
    "retires_at" TIMESTAMP(3),

    CONSTRAINT "signing_key_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "mcp_server" (
    "id" TEXT NOT NULL,
    "resource_uri" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "access_token_ttl" INTEGER NOT NULL DEFAULT 300,
    "default_role_id" TEXT,
    "require_approval" BOOLEAN NOT NULL DEFAULT false,
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "client_id" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mcp_server_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scope" (
    "id" TEXT NOT NULL,
    "server_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "scope_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool" (
    "id" TEXT NOT NULL,
    "server_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "scope_id" TEXT NOT NULL,
    "read_only" BOOLEAN NOT NULL DEFAULT false,
    "input_schema" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "tool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_scope" (
    "role_id" TEXT NOT NULL,
    "scope_id" TEXT NOT NULL,

    CONSTRAINT "role_scope_pkey" PRIMARY KEY ("role_id","scope_id")
);

-- CreateTable
CREATE TABLE "client" (
    "id" TEXT NOT NULL,
    "kind" "client_kind" NOT NULL,
    "status" "client_status" NOT NULL DEFAULT 'active',
    "name" TEXT NOT NULL DEFAULT '',
    "metadata" JSONB NOT NULL,
    "secret_hash" TEXT,
    "previous_secret_hash" TEXT,
    "previous_secret_expires_at" TIMESTAMP(3),
    "secret_rotated_at" TIMESTAMP(3),
    "first_party" BOOLEAN NOT NULL DEFAULT false,
    "software_id" TEXT,
    "registration_fingerprint" TEXT,
    "registered_ip" TEXT,
    "last_used_at" TIMESTAMP(3),
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "client_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_role" (
    "client_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,

    CONSTRAINT "client_role_pkey" PRIMARY KEY ("client_id","role_id")
);

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "username" TEXT,
    "password_hash" TEXT,
    "status" "user_status" NOT NULL DEFAULT 'active',
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMP(3),
    "last_login_at" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_role" (
    "user_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,

    CONSTRAINT "user_role_pkey" PRIMARY KEY ("user_id","role_id")
);

-- CreateTable
CREATE TABLE "identity_provider" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret_enc" TEXT,
    "scopes" TEXT NOT NULL DEFAULT 'openid email profile',
    "claim_mapping" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "identity_provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "federated_identity" (
    "id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "federated_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_rule" (
    "id" TEXT NOT NULL,
    "kind" "sign_in_rule_kind" NOT NULL,
    "value" TEXT NOT NULL,
    "provider_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "server_id" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exchange_policy" (
    "id" TEXT NOT NULL,
    "source_server_id" TEXT NOT NULL,
    "target_server_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exchange_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exchange_policy_scope" (
    "policy_id" TEXT NOT NULL,
    "scope_id" TEXT NOT NULL,

    CONSTRAINT "exchange_policy_scope_pkey" PRIMARY KEY ("policy_id","scope_id")
);

-- CreateTable
CREATE TABLE "delegation" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "scopes" TEXT[],
    "expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delegation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "revocation" (
    "id" BIGSERIAL NOT NULL,
    "client_id" TEXT,
    "subject" TEXT,
    "audience" TEXT,
    "jti" TEXT,
    "grant_id" TEXT,
    "revoked_before" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "revocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "decision" TEXT,
    "subject" TEXT,
    "actor_chain" TEXT[],
    "client_id" TEXT,
    "resource" TEXT,
    "tool" TEXT,
    "scopes" TEXT[],
    "reason" TEXT,
    "ip" TEXT,
    "request_id" TEXT,
    "details" JSONB,
    "reporter_id" TEXT,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "oidc_artifact_grant_id_idx" ON "oidc_artifact"("grant_id");

-- CreateIndex
CREATE INDEX "oidc_artifact_client_id_idx" ON "oidc_artifact"("client_id");

-- CreateIndex
CREATE INDEX "oidc_artifact_uid_idx" ON "oidc_artifact"("uid");

-- CreateIndex
CREATE INDEX "oidc_artifact_user_code_idx" ON "oidc_artifact"("user_code");

-- CreateIndex
CREATE INDEX "oidc_artifact_expires_at_idx" ON "oidc_artifact"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "mcp_server_resource_uri_key" ON "mcp_server"("resource_uri");

-- CreateIndex
CREATE UNIQUE INDEX "mcp_server_client_id_key" ON "mcp_server"("client_id");

-- CreateIndex
CREATE UNIQUE INDEX "scope_server_id_name_key" ON "scope"("server_id", "name");

-- CreateIndex
CREATE INDEX "tool_scope_id_idx" ON "tool"("scope_id");

-- CreateIndex
CREATE UNIQUE INDEX "tool_server_id_name_key" ON "tool"("server_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "role_name_key" ON "role"("name");

-- CreateIndex
CREATE INDEX "role_scope_scope_id_idx" ON "role_scope"("scope_id");

-- CreateIndex
CREATE INDEX "client_kind_status_idx" ON "client"("kind", "status");

-- CreateIndex
CREATE INDEX "client_registration_fingerprint_idx" ON "client"("registration_fingerprint");

-- CreateIndex
CREATE INDEX "client_role_role_id_idx" ON "client_role"("role_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "user_username_key" ON "user"("username");

-- CreateIndex
CREATE INDEX "user_role_role_id_idx" ON "user_role"("role_id");

-- CreateIndex
CREATE UNIQUE INDEX "identity_provider_slug_key" ON "identity_provider"("slug");

-- CreateIndex
CREATE INDEX "federated_identity_user_id_idx" ON "federated_identity"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "federated_identity_provider_id_subject_key" ON "federated_identity"("provider_id", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "sign_in_rule_kind_value_provider_id_key" ON "sign_in_rule"("kind", "value", "provider_id");

-- CreateIndex
CREATE INDEX "consent_client_id_idx" ON "consent"("client_id");

-- CreateIndex
CREATE UNIQUE INDEX "consent_user_id_client_id_server_id_key" ON "consent"("user_id", "client_id", "server_id");

-- CreateIndex
CREATE UNIQUE INDEX "exchange_policy_source_server_id_target_server_id_key" ON "exchange_policy"("source_server_id", "target_server_id");

-- CreateIndex
CREATE UNIQUE INDEX "delegation_user_id_agent_id_key" ON "delegation"("user_id", "agent_id");

-- CreateIndex
CREATE INDEX "revocation_expires_at_idx" ON "revocation"("expires_at");

-- CreateIndex
CREATE INDEX "revocation_client_id_idx" ON "revocation"("client_id");

-- CreateIndex
CREATE INDEX "revocation_subject_idx" ON "revocation"("subject");

-- CreateIndex
CREATE INDEX "revocation_jti_idx" ON "revocation"("jti");

-- CreateIndex
CREATE INDEX "revocation_grant_id_idx" ON "revocation"("grant_id");

-- CreateIndex
CREATE INDEX "audit_event_time_idx" ON "audit_event"("time");

-- CreateIndex
CREATE INDEX "audit_event_subject_time_idx" ON "audit_event"("subject", "time");

-- CreateIndex
CREATE INDEX "audit_event_client_id_time_idx" ON "audit_event"("client_id", "time");

-- CreateIndex
CREATE INDEX "audit_event_resource_time_idx" ON "audit_event"("resource", "time");

-- CreateIndex
CREATE INDEX "audit_event_type_time_idx" ON "audit_event"("type", "time");

-- AddForeignKey
ALTER TABLE "mcp_server" ADD CONSTRAINT "mcp_server_default_role_id_fkey" FOREIGN KEY ("default_role_id") REFERENCES "role"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mcp_server" ADD CONSTRAINT "mcp_server_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scope" ADD CONSTRAINT "scope_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "mcp_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool" ADD CONSTRAINT "tool_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "mcp_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool" ADD CONSTRAINT "tool_scope_id_fkey" FOREIGN KEY ("scope_id") REFERENCES "scope"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_scope" ADD CONSTRAINT "role_scope_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_scope" ADD CONSTRAINT "role_scope_scope_id_fkey" FOREIGN KEY ("scope_id") REFERENCES "scope"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_role" ADD CONSTRAINT "client_role_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_role" ADD CONSTRAINT "client_role_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "federated_identity" ADD CONSTRAINT "federated_identity_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "identity_provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "federated_identity" ADD CONSTRAINT "federated_identity_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent" ADD CONSTRAINT "consent_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent" ADD CONSTRAINT "consent_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent" ADD CONSTRAINT "consent_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "mcp_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_policy" ADD CONSTRAINT "exchange_policy_source_server_id_fkey" FOREIGN KEY ("source_server_id") REFERENCES "mcp_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_policy" ADD CONSTRAINT "exchange_policy_target_server_id_fkey" FOREIGN KEY ("target_server_id") REFERENCES "mcp_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_policy_scope" ADD CONSTRAINT "exchange_policy_scope_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "exchange_policy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_policy_scope" ADD CONSTRAINT "exchange_policy_scope_scope_id_fkey" FOREIGN KEY ("scope_id") REFERENCES "scope"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delegation" ADD CONSTRAINT "delegation_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delegation" ADD CONSTRAINT "delegation_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

